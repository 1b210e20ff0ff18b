package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.StoreKey;

/**
 * Fuzzes the engine's session record codec (in the engine's package: the codec is package-private)
 * with arbitrary stored bytes: a record decodes, or is a {@link CorruptRecordException} for that
 * record, never another exception; what decodes re-encodes to a fixed point.
 */
class SessionCodecFuzzTest {

    private static final StoreKey KEY = StoreKey.session("counter:fuzz");

    @FuzzTest(maxDuration = "2m")
    void storedBytesDecodeOrAreCorrupt(byte[] bytes) {
        SessionRecord record;
        try {
            record = SessionCodec.decode(KEY, bytes);
        } catch (CorruptRecordException expected) {
            return;
        }
        byte[] once = SessionCodec.encode(record);
        assertArrayEquals(once, SessionCodec.encode(SessionCodec.decode(KEY, once)));
    }
}
