package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A delta decodes to exactly the value it was encoded from, and stays within its limit. */
class DeltaTest {

    private static final String RECORD = "{\"format\":1,\"flowId\":\"insurance_quote\",\"flowVersion\":\"1\","
            + "\"graphHash\":\"be6634ff65c8f5fefebeef60\",\"runId\":\"e6ae840471d5c10a75\",\"status\":\"active\","
            + "\"node\":\"ask_contact\",\"state\":{},\"once\":{},\"answers\":{},"
            + "\"createdAt\":\"2026-12-07T03:37:41.962220183Z\",\"itemSeq\":1,\"turns\":1}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The value back, checking the limit; null when it could not be encoded within it. */
    private static byte[] roundTrip(byte[] base, byte[] value, int limit) {
        Base b = new Base(base.clone());
        byte[] delta = Delta.encode(b, value, limit);
        if (delta == null) {
            return null;
        }
        assertTrue(delta.length <= limit, () -> "delta of " + delta.length + " B past its limit " + limit);
        return Delta.decode(b, delta);
    }

    @Test
    void anotherSessionOfTheSameFlowTakesASixthOfItsBytes() {
        byte[] value = bytes(
                RECORD.replace("e6ae840471d5c10a75", "6356052385ba7b2a4c").replace("41.962220183Z", "41.96081392Z"));
        Base base = new Base(bytes(RECORD));

        byte[] delta = Delta.encode(base, value, value.length);

        assertNotNull(delta);
        assertTrue(delta.length <= value.length / 6, () -> delta.length + " B for " + value.length);
        assertArrayEquals(value, Delta.decode(base, delta));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void editedValuesDecodeToThemselves(long seed) {
        Random random = new Random(seed);
        int encoded = 0;
        int rounds = 300;
        for (int round = 0; round < rounds; round++) {
            byte[] base = randomText(random, 1 + random.nextInt(seed % 2 == 0 ? 600 : 40_000));
            byte[] value = edited(random, base);
            byte[] back = roundTrip(base, value, value.length + 64);
            if (back != null) {
                assertArrayEquals(value, back, "seed " + seed + ", round " + round);
                encoded++;
            }
        }
        // a tenth of the values are noise, which shares too little to encode; the edited rest encode
        assertTrue(encoded >= rounds * 3 / 4, encoded + " of " + rounds + " encoded");
    }

    @Test
    void longRunsSplitIntoCopiesWhateverTheRemainder() {
        // a copy op holds 4..131 bytes: runs around multiples of that, at offsets of 1, 2 and 3 varint bytes
        Random random = new Random(42);
        byte[] base = randomText(random, 40_000);
        for (int offset : new int[] {0, 100, 300, 20_000, 39_000}) {
            for (int length = 4; length <= 400 && offset + length <= base.length; length++) {
                byte[] value = new byte[length + 2];
                value[0] = '<';
                System.arraycopy(base, offset, value, 1, length);
                value[length + 1] = '>';
                assertArrayEquals(
                        value, roundTrip(base, value, value.length + 16), "offset " + offset + ", length " + length);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"_details", "X", "XY", "XYZ", "_a_much_longer_name_than_before_here"})
    void aRunInsertedMidValueCostsItsOwnBytesAndACopyOrTwo(String inserted) {
        // the value no longer goes on where the base would: the encoder finds where it does
        byte[] value = bytes(RECORD.replace("ask_contact", "ask_contact" + inserted));
        Base base = new Base(bytes(RECORD));

        byte[] delta = Delta.encode(base, value, value.length);

        assertNotNull(delta);
        // length, two copies up to the insertion (its end is 162 bytes in), the inserted bytes as one
        // literal, a copy of the rest; a match found bytes late (the index is looked up at every
        // fourth byte) is extended backwards, or those bytes would be literal too. A long insertion
        // may end in a four-byte copy from elsewhere in the base.
        int expected = 2 + (2 + 3) + (1 + inserted.length()) + 3 + (inserted.length() > 16 ? 2 : 0);
        assertTrue(delta.length <= expected, () -> delta.length + " B, expected at most " + expected);
        assertArrayEquals(value, Delta.decode(base, delta));
    }

    @Test
    void aValueEqualToItsBaseIsCopiesOnly() {
        byte[] value = bytes(RECORD);
        Base base = new Base(value.clone());

        byte[] delta = Delta.encode(base, value, value.length);

        assertNotNull(delta);
        // the length, then a copy op (a tag and an offset) per 127 bytes or less
        assertTrue(delta.length <= 2 + 3 * (value.length / 127 + 1), () -> delta.length + " B");
        assertArrayEquals(value, Delta.decode(base, delta));
    }

    @Test
    void aValueSharingNothingWithItsBaseIsNotEncoded() {
        Random random = new Random(7);
        byte[] base = new byte[300];
        byte[] value = new byte[300];
        random.nextBytes(base);
        random.nextBytes(value);

        assertNull(Delta.encode(new Base(base), value, 225));
    }

    @Test
    void aDeltaNeverExceedsItsLimit() {
        byte[] base = bytes(RECORD);
        byte[] value = bytes(RECORD.replace("ask_contact", "a completely different node name here"));
        for (int limit = 1; limit <= value.length; limit++) {
            byte[] back = roundTrip(base, value, limit);
            if (back != null) {
                assertArrayEquals(value, back, "limit " + limit);
            }
        }
        assertNull(roundTrip(base, value, 10));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5})
    void valuesShorterThanAWindowAreLiteral(int length) {
        byte[] value = Arrays.copyOf(bytes("abcde"), length);

        assertArrayEquals(value, roundTrip(bytes("abcde"), value, 16));
    }

    @Test
    void aBaseShorterThanAWindowHoldsNothingAndCostsNothing() {
        assertEquals(null, roundTrip(bytes("ab"), bytes(RECORD), RECORD.length() * 3 / 4));
        assertArrayEquals(bytes("xyz"), roundTrip(bytes("ab"), bytes("xyz"), 16));
    }

    /** JSON-ish text: a small alphabet, so windows repeat and collide in the index. */
    private static byte[] randomText(Random random, int length) {
        byte[] alphabet = bytes("{}[]\":,abcdef0123456789 ");
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return text;
    }

    /** The base with a few runs replaced, inserted or deleted, or arbitrary bytes (non-ASCII too). */
    private static byte[] edited(Random random, byte[] base) {
        if (random.nextInt(10) == 0) {
            byte[] noise = new byte[random.nextInt(500)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] value = base.clone();
        for (int edit = random.nextInt(6); edit > 0; edit--) {
            int at = value.length == 0 ? 0 : random.nextInt(value.length);
            byte[] run = new byte[random.nextInt(50)];
            random.nextBytes(run);
            byte[] next;
            switch (random.nextInt(3)) {
                case 0 -> { // replace
                    next = value.clone();
                    System.arraycopy(run, 0, next, at, Math.min(run.length, next.length - at));
                }
                case 1 -> { // insert
                    next = new byte[value.length + run.length];
                    System.arraycopy(value, 0, next, 0, at);
                    System.arraycopy(run, 0, next, at, run.length);
                    System.arraycopy(value, at, next, at + run.length, value.length - at);
                }
                default -> { // delete
                    int cut = Math.min(run.length, value.length - at);
                    next = new byte[value.length - cut];
                    System.arraycopy(value, 0, next, 0, at);
                    System.arraycopy(value, at + cut, next, at, value.length - at - cut);
                }
            }
            value = next;
        }
        return value;
    }
}
