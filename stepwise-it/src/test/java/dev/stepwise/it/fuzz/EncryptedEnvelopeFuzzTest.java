package dev.stepwise.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import dev.stepwise.store.memory.MemoryStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Fuzzes the encrypted envelope: arbitrary bytes planted in the backend, and valid envelopes with
 * fuzzer-chosen edits, read through an {@link EncryptedStore}. Only an untouched envelope reads
 * (and returns exactly what was sealed); anything else is a {@link CorruptRecordException}, never
 * another exception and never forged plaintext.
 */
class EncryptedEnvelopeFuzzTest {

    private static final MemoryStore INNER = MemoryStore.builder().build();
    private static final EncryptedStore STORE = EncryptedStore.wrap(
                    INNER,
                    KeyRing.builder()
                            .current("k2", bytes(2))
                            .add("k1", bytes(1))
                            .build())
            .rejectingPlaintext();
    private static final StoreKey KEY = StoreKey.session("f:fuzz");
    private static final byte[] SECRET = "{\"state\":{\"card\":\"4111\"}}".getBytes();

    @FuzzTest(maxDuration = "2m")
    void onlyUntouchedEnvelopesDecrypt(FuzzedDataProvider data) {
        STORE.write(Write.of(KEY, SECRET, Expect.any(), Duration.ofHours(1)));
        byte[] sealed = INNER.read(KEY).orElseThrow().value();
        byte[] planted;
        if (data.consumeBoolean()) {
            planted = data.consumeRemainingAsBytes();
        } else {
            planted = sealed.clone();
            int edits = data.consumeInt(1, 4);
            for (int i = 0; i < edits && planted.length > 0; i++) {
                switch (data.consumeInt(0, 2)) {
                    case 0 -> planted[data.consumeInt(0, planted.length - 1)] ^= (byte) data.consumeInt(1, 255);
                    case 1 -> planted = Arrays.copyOf(planted, data.consumeInt(0, planted.length));
                    default -> {
                        byte[] extra = data.consumeBytes(8);
                        planted = Arrays.copyOf(planted, planted.length + extra.length);
                        System.arraycopy(extra, 0, planted, planted.length - extra.length, extra.length);
                    }
                }
            }
        }
        INNER.write(Write.of(KEY, planted, Expect.any(), Duration.ofHours(1)));
        try {
            Optional<Stored> read = STORE.read(KEY);
            assertTrue(Arrays.equals(planted, sealed), "only the untouched envelope decrypts");
            assertArrayEquals(SECRET, read.orElseThrow().value());
        } catch (CorruptRecordException expected) {
            // tampered, truncated, extended or foreign bytes
        }
    }

    private static byte[] bytes(int fill) {
        byte[] key = new byte[KeyRing.KEY_BYTES];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
