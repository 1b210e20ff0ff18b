package dev.stepwise.store.crypto;

import dev.stepwise.store.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals bytes into the encrypted envelope and opens them again.
 *
 * <p>Envelope layout (binary):
 * <pre>
 * offset  size  content
 * 0       4     magic 0x00 'S' 'W' 'E'
 * 4       1     format version, 1
 * 5       1     key id length L (1..64)
 * 6       L     key id, ASCII
 * 6+L     12    IV, random per encryption
 * 18+L    n+16  AES-256-GCM ciphertext of the n plaintext bytes, then the 128-bit tag
 * </pre>
 * The additional authenticated data is the header (bytes 0..6+L) followed by the context: what the
 * bytes are and where they belong (kind and id of the record, plus seq for an item), so an
 * envelope moved to another record, item or key id fails to open.
 *
 * <p>Bytes not starting with the magic are plaintext written before encryption was turned on and
 * are returned unchanged (unless plaintext is rejected). JSON values never start with a NUL byte,
 * so no JSON value is mistaken for an envelope.
 */
final class Sealer {

    static final byte[] MAGIC = {0x00, 'S', 'W', 'E'};

    static final int FORMAT = 1;

    static final int IV_BYTES = 12;

    static final int TAG_BITS = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    // One cipher per thread, initialised afresh (key and IV) for every operation: looking a cipher up
    // with Cipher.getInstance cost 3-4 us per operation, five times the sealing of a record itself.
    // init resets whatever state an operation that failed left behind.
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(Sealer::newCipher);

    private final KeyRing keys;
    private final boolean allowPlaintext;

    Sealer(KeyRing keys, boolean allowPlaintext) {
        this.keys = keys;
        this.allowPlaintext = allowPlaintext;
    }

    /** Encrypts {@code plaintext} with the current key, bound to {@code context}. */
    byte[] seal(byte[] plaintext, byte[] context) {
        String keyId = keys.currentKeyId();
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        int headerLength = MAGIC.length + 2 + id.length;
        ByteBuffer out = ByteBuffer.allocate(headerLength + IV_BYTES + plaintext.length + TAG_BITS / 8);
        out.put(MAGIC).put((byte) FORMAT).put((byte) id.length).put(id).put(iv);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.currentKey(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(out.array(), 0, headerLength);
            cipher.updateAAD(context);
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + e, e);
        }
        return out.array();
    }

    /** Whether {@code stored} is an envelope rather than plaintext. */
    static boolean sealed(byte[] stored) {
        return stored.length >= MAGIC.length && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The key id an envelope names, read from its header without decrypting; empty for plaintext.
     *
     * @throws CorruptRecordException naming {@code location} when the header is truncated or of an unknown format
     */
    static Optional<String> keyId(byte[] stored, String location) {
        if (!sealed(stored)) {
            return Optional.empty();
        }
        return Optional.of(header(stored, location));
    }

    /** Checks an envelope's header and returns its key id. */
    private static String header(byte[] stored, String location) {
        if (stored.length < MAGIC.length + 2) {
            throw new CorruptRecordException(location, "encrypted envelope is truncated");
        }
        int format = stored[MAGIC.length] & 0xff;
        if (format != FORMAT) {
            throw new CorruptRecordException(
                    location,
                    "unknown encrypted envelope format " + format + " (this version reads format " + FORMAT + ")");
        }
        int idLength = stored[MAGIC.length + 1] & 0xff;
        if (idLength == 0 || stored.length < MAGIC.length + 2 + idLength + IV_BYTES + TAG_BITS / 8) {
            throw new CorruptRecordException(location, "encrypted envelope is truncated");
        }
        return new String(stored, MAGIC.length + 2, idLength, StandardCharsets.US_ASCII);
    }

    /**
     * Decrypts an envelope bound to {@code context}; returns plaintext values as they are when allowed.
     *
     * @throws CorruptRecordException naming {@code location} and the key id on any failure
     */
    byte[] open(byte[] stored, byte[] context, String location) {
        if (!sealed(stored)) {
            if (allowPlaintext) {
                return stored;
            }
            throw new CorruptRecordException(location, "value is not encrypted, and this store rejects plaintext");
        }
        String keyId = header(stored, location);
        int headerLength = MAGIC.length + 2 + keyId.length();
        SecretKey key = keys.key(keyId);
        if (key == null) {
            throw new CorruptRecordException(
                    location,
                    "encrypted with key '" + printable(keyId) + "', which is not in the key ring " + keys.keyIds());
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, headerLength, IV_BYTES));
            cipher.updateAAD(stored, 0, headerLength);
            cipher.updateAAD(context);
            int offset = headerLength + IV_BYTES;
            return cipher.doFinal(stored, offset, stored.length - offset);
        } catch (AEADBadTagException e) {
            throw new CorruptRecordException(
                    location,
                    "cannot decrypt with key '" + keyId
                            + "': wrong key, tampered data, or data copied from another record",
                    e);
        } catch (GeneralSecurityException e) {
            throw new CorruptRecordException(location, "cannot decrypt with key '" + keyId + "': " + e.getMessage(), e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + e, e);
        }
    }

    private static String printable(String keyId) {
        return keyId.replaceAll("[^A-Za-z0-9._-]", "?");
    }
}
