package dev.stepwise.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The raw baseline of an encrypted store: another raw store whose value and items are sealed with
 * AES-256-GCM (random 12-byte IV, the record id as associated data) on write and the value opened
 * on read, as {@code EncryptedStore} does (with a cipher kept per thread, as it does).
 */
final class AesRaw implements RawStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    // a cipher per thread, as EncryptedStore keeps them: a lookup per operation cost more than sealing
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final RawStore inner;
    private final SecretKeySpec key;

    AesRaw(RawStore inner, byte[] key) {
        this.inner = inner;
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public RawRecord read(String id) {
        RawRecord sealed = inner.read(id);
        return sealed == null ? null : new RawRecord(sealed.version(), open(sealed.value(), id));
    }

    @Override
    public boolean write(String id, long expectVersion, byte[] value, Duration ttl, long firstSeq, List<byte[]> items) {
        List<byte[]> sealedItems = new ArrayList<>(items.size());
        for (byte[] item : items) {
            sealedItems.add(seal(item, id));
        }
        return inner.write(id, expectVersion, seal(value, id), ttl, firstSeq, sealedItems);
    }

    private byte[] seal(byte[] plain, String id) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] open(byte[] sealed, String id) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 12, sealed.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String describe() {
        return inner.describe()
                + "; value and items sealed with AES-256-GCM (random IV, id as AAD), value opened on read";
    }

    @Override
    public void close() {
        inner.close();
    }
}
