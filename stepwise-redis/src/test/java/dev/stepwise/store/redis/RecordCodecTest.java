package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding record hashes by field name bytes, and numbers without going through strings. */
class RecordCodecTest {

    private static final StoreKey KEY = StoreKey.session("s");

    @Test
    void decodesEveryFieldAndIgnoresUnknownOnes() {
        Map<byte[], byte[]> hash = hash(
                "id",
                "\u0000s",
                "v",
                "value \u00e9",
                "n",
                "42",
                "ts",
                "-5",
                "tn",
                "7",
                "es",
                "1893456000",
                "en",
                "999999999",
                "f",
                "flow",
                "s",
                "st\u00e4tus",
                "q",
                "12",
                "zz",
                "x",
                "i",
                "y");
        Stored stored = RecordCodec.decode(KEY, () -> "loc", RecordCodec.Fields.of(hash));
        assertArrayEquals(bytes("value \u00e9"), stored.value());
        assertEquals(42, stored.version());
        assertEquals(Instant.ofEpochSecond(-5, 7), stored.updatedAt());
        assertEquals(Instant.ofEpochSecond(1893456000L, 999999999), stored.expiresAt());
        assertEquals(new RecordAttributes("flow", "st\u00e4tus", null), stored.attributes());
        assertArrayEquals(bytes("\u0000s"), RecordCodec.Fields.of(hash).id);

        List<Object> flat = new ArrayList<>(List.of(0L));
        hash.forEach((k, v) -> {
            flat.add(k);
            flat.add(v);
        });
        Stored fromReply = RecordCodec.decode(KEY, () -> "loc", RecordCodec.Fields.of(flat, 1));
        assertEquals(stored.version(), fromReply.version());
        assertEquals(stored.attributes(), fromReply.attributes());
    }

    @Test
    void numbersParseLikeLongParseLong() {
        for (String n : List.of(
                "0", "1", "-1", "+3", "007", "9223372036854775807", "-9223372036854775808", "1234567890123456789")) {
            assertEquals(Long.parseLong(n), RecordCodec.number(bytes(n), "n", () -> "loc"), n);
        }
        for (String n : List.of(
                "",
                "-",
                "+",
                "1.5",
                " 1",
                "1e3",
                "x",
                "9223372036854775808",
                "-9223372036854775809",
                "99999999999999999999",
                "\u0661")) {
            assertThrows(RuntimeException.class, () -> RecordCodec.number(bytes(n), "n", () -> "loc"), n);
        }
    }

    @Test
    void aBadOrMissingFieldIsACorruptRecordNamingItsLocation() {
        CorruptRecordException missing = assertThrows(
                CorruptRecordException.class,
                () -> RecordCodec.decode(
                        KEY,
                        () -> "p:{session:01}:r:ab",
                        RecordCodec.Fields.of(hash("v", "x", "n", "1", "ts", "1", "tn", "0", "es", "2"))));
        assertTrue(missing.getMessage().contains("p:{session:01}:r:ab"), missing.getMessage());
        assertTrue(missing.getMessage().contains("'en'"), missing.getMessage());
        CorruptRecordException overflow = assertThrows(
                CorruptRecordException.class,
                () -> RecordCodec.decode(
                        KEY,
                        () -> "loc",
                        RecordCodec.Fields.of(hash(
                                "v", "x", "n", "9223372036854775808", "ts", "1", "tn", "0", "es", "2", "en", "0"))));
        assertTrue(overflow.getMessage().contains("unparsable"), overflow.getMessage());
        assertThrows(
                CorruptRecordException.class,
                () -> RecordCodec.decode(KEY, () -> "loc", RecordCodec.Fields.of(hash("n", "1"))),
                "no value");
        assertNull(RecordCodec.Fields.of(hash("v", "x")).id);
    }

    private static Map<byte[], byte[]> hash(String... pairs) {
        Map<byte[], byte[]> hash = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            hash.put(bytes(pairs[i]), bytes(pairs[i + 1]));
        }
        return hash;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
