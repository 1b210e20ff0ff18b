package dev.stepwise.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {

    /** Pairs where UTF-8 byte order and UTF-16 order disagree, plus case and prefix pairs. */
    private static final List<String> IDS = List.of(
            "\uffff",
            "\ue000",
            "😀",
            "\ud800\udc00",
            "a",
            "A",
            "ab",
            "a\u0001",
            "",
            "€",
            "\u00ff",
            "\u0100",
            "z",
            "Z",
            "\u007f",
            "\u0080",
            "x".repeat(1024),
            "€".repeat(1024));

    @Test
    void storedBytesSortLikeStringCompareTo() {
        List<String> byString = new ArrayList<>(IDS);
        Collections.sort(byString);
        List<String> byBytes = new ArrayList<>(IDS);
        byBytes.sort((a, b) -> Ids.compare(Ids.encode(a), Ids.encode(b)));
        assertEquals(byString, byBytes);
    }

    @Test
    void storedBytesAreTheUtf16BytesEarlierReleasesWrote() {
        for (String id : IDS) {
            assertArrayEquals(id.getBytes(StandardCharsets.UTF_16BE), Ids.encode(id), id);
        }
    }

    @Test
    void idsRoundTripAndFitTheIndexLimits() {
        for (String id : IDS) {
            assertEquals(id, Ids.decode(Ids.encode(id)));
            assertTrue(Ids.encode(id).length <= 2048, "bytes of a 1024-char id");
        }
    }

    @Test
    void malformedStoredIdsAreReportedNotGuessed() {
        assertThrows(IllegalArgumentException.class, () -> Ids.decode(new byte[] {0, 'a', 0}), "odd length");
        assertThrows(
                IllegalArgumentException.class,
                () -> Ids.decode(new byte[] {(byte) 0xd8, 0, 0, 'a'}),
                "lone surrogate");
    }

    @Test
    void theUpperBoundEnclosesExactlyTheIdsWithThePrefix() {
        assertArrayEquals(new byte[] {0, 'b'}, Ids.upperBound(new byte[] {0, 'a'}));
        assertArrayEquals(new byte[] {1}, Ids.upperBound(new byte[] {0, (byte) 0xff}));
        assertArrayEquals(new byte[] {0, 1}, Ids.upperBound(new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
        assertNull(Ids.upperBound(new byte[0]));
        assertNull(Ids.upperBound(new byte[] {(byte) 0xff, (byte) 0xff}));
        for (String prefix : List.of("a", "\u00ff", "\uffff", "😀", "a%", "a_")) {
            byte[] lower = Ids.encode(prefix);
            byte[] upper = Ids.upperBound(lower);
            for (String id : IDS) {
                byte[] bytes = Ids.encode(id);
                boolean inRange = Ids.compare(bytes, lower) >= 0 && (upper == null || Ids.compare(bytes, upper) < 0);
                assertEquals(id.startsWith(prefix), inRange, "id " + id + " against prefix " + prefix);
            }
        }
    }
}
