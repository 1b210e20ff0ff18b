package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeldIdTest {

    /**
     * Characters whose order trips a byte-wise comparison: ASCII, Latin-1 above 0x7F (negative as a
     * signed byte), beyond Latin-1, above the surrogates, and a surrogate pair (UTF-16 order, not
     * code point order, is what {@code String.compareTo} gives).
     */
    private static final String[] PIECES = {
        "",
        "a",
        "b",
        "z",
        ":",
        "-",
        "0",
        "\u007f",
        "\u0080",
        "\u00e9",
        "\u00ff",
        "\u0142",
        "\ue000",
        "\uffff",
        "\ud83d\ude00"
    };

    @Test
    void heldIdsEqualHashAndOrderAsTheirStringsInEitherForm() {
        List<String> ids = ids(new Random(11), 400);
        for (String a : ids) {
            Object heldA = HeldId.of(a);
            assertEquals(a, HeldId.string(heldA));
            assertEquals(a.hashCode(), HeldId.hash(heldA), a);
            for (String b : ids) {
                Object heldB = HeldId.of(b);
                int expected = Integer.signum(a.compareTo(b));
                for (Object x : List.of(a, heldA)) {
                    for (Object y : List.of(b, heldB)) {
                        String pair = "'" + a + "' and '" + b + "' as " + form(x) + " and " + form(y);
                        assertEquals(expected, Integer.signum(HeldId.compare(x, y)), pair);
                        assertEquals(a.equals(b), HeldId.equal(x, y), pair);
                    }
                }
                if (b.length() <= 3) {
                    assertEquals(a.startsWith(b), HeldId.startsWith(heldA, b), "'" + a + "' starts with '" + b + "'");
                }
            }
        }
    }

    @Test
    void onlyIdsOfLatin1CharactersAreHeldAsBytes() {
        assertInstanceOf(byte[].class, HeldId.of("insurance_quote:s-\u00e9\u00ff"));
        assertInstanceOf(byte[].class, HeldId.of(""));
        assertInstanceOf(String.class, HeldId.of("quote:\u0142"));
        assertInstanceOf(String.class, HeldId.of("quote:\ud83d\ude00"));
    }

    private static List<String> ids(Random random, int count) {
        List<String> ids = new ArrayList<>(List.of(PIECES));
        while (ids.size() < count) {
            StringBuilder id = new StringBuilder();
            // short ids from few pieces, so that prefixes and ties are common
            for (int i = random.nextInt(4); i >= 0; i--) {
                id.append(PIECES[random.nextInt(PIECES.length)]);
            }
            ids.add(id.toString());
        }
        return ids;
    }

    private static String form(Object held) {
        return held instanceof byte[] ? "bytes" : "string";
    }
}
