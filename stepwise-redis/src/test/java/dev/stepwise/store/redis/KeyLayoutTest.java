package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Key names: one slot per record, distinct ids apart, bounded length, ids in String order. */
class KeyLayoutTest {

    @Test
    void aRecordItsLogAndItsBucketIndexShareOneSlot() {
        for (String prefix : List.of("", "stepwise:", "a:b*c?")) {
            KeyLayout layout = new KeyLayout(prefix);
            for (String id : List.of("x", "{a}", "}{", "\uD83D\uDE00", "x".repeat(1024), "CON", "../..")) {
                KeyLayout.RecordKeys keys = layout.keys(StoreKey.session(id));
                int slot = SlotHash.getSlot(keys.record());
                assertEquals(slot, SlotHash.getSlot(keys.items()), id);
                assertEquals(slot, SlotHash.getSlot(keys.index()), id);
                assertTrue(keys.record().length < prefix.length() + 70);
            }
        }
    }

    @Test
    void idsThatDifferOnlyInCaseOrKindGetDistinctKeys() {
        KeyLayout layout = new KeyLayout("p:");
        Set<String> records = new HashSet<>();
        for (StoreKey key : List.of(
                StoreKey.session("Id"),
                StoreKey.session("id"),
                StoreKey.user("id"),
                StoreKey.project("id"),
                StoreKey.resource("id"))) {
            assertTrue(records.add(new String(layout.keys(key).record())), key.toString());
        }
    }

    @Test
    void recordsOfAKindSpreadOverManySlots() {
        KeyLayout layout = new KeyLayout("p:");
        Set<Integer> slots = new HashSet<>();
        for (int b = 0; b < KeyLayout.BUCKETS; b++) {
            slots.add(SlotHash.getSlot(layout.index(RecordKind.SESSION, b)));
        }
        assertEquals(KeyLayout.BUCKETS, slots.size(), "each bucket its own slot");
        assertNotEquals(
                SlotHash.getSlot(layout.index(RecordKind.SESSION, 0)),
                SlotHash.getSlot(layout.index(RecordKind.USER, 0)));
    }

    @Test
    void membersSortLikeJavaStrings() {
        List<String> ids = List.of("\uFFFD", "\uD83D\uDE00", "a", "B", "\uE000");
        List<String> byBytes = ids.stream()
                .sorted((x, y) -> Arrays.compareUnsigned(KeyLayout.member(x), KeyLayout.member(y)))
                .toList();
        assertEquals(ids.stream().sorted().toList(), byBytes);
    }

    @Test
    void prefixesWithBracesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyLayout("a{}"));
        assertThrows(IllegalArgumentException.class, () -> new KeyLayout("}"));
    }

    /**
     * Keys computed independently (getBytes, String.format, ...): the layout is where stored records
     * are found, so it must never drift.
     */
    private record Expected(RecordKind kind, String id, String memberHex, String record) {}

    @Test
    void keysAreByteIdenticalToTheReferenceComputation() {
        KeyLayout layout = new KeyLayout("p:");
        for (Expected e : List.of(
                new Expected(
                        RecordKind.SESSION, "x", "0078", "p:{session:39}:r:b91df3642bd3697a1ec6b8cc9bfbc46ef140076c"),
                new Expected(RecordKind.USER, "x", "0078", "p:{user:39}:r:b91df3642bd3697a1ec6b8cc9bfbc46ef140076c"),
                new Expected(
                        RecordKind.SESSION,
                        "session-0001",
                        "00730065007300730069006f006e002d0030003000300031",
                        "p:{session:01}:r:813212522ccd1274ff4d0ffcb60ce7492b639566"),
                new Expected(
                        RecordKind.USER,
                        "session-0001",
                        "00730065007300730069006f006e002d0030003000300031",
                        "p:{user:01}:r:813212522ccd1274ff4d0ffcb60ce7492b639566"),
                new Expected(
                        RecordKind.SESSION,
                        "\u00dcn\u00efc\u00f6d\u00e9",
                        "00dc006e00ef006300f6006400e9",
                        "p:{session:23}:r:236cf73042e0e0705be30f24fba517d25957b9dd"),
                new Expected(
                        RecordKind.USER,
                        "\u00dcn\u00efc\u00f6d\u00e9",
                        "00dc006e00ef006300f6006400e9",
                        "p:{user:23}:r:236cf73042e0e0705be30f24fba517d25957b9dd"),
                new Expected(
                        RecordKind.SESSION,
                        "\u65e5\u672c\u8a9e",
                        "65e5672c8a9e",
                        "p:{session:2d}:r:6dad4e9d5078d51c8ffad49f44e877bd80c4e8a3"),
                new Expected(
                        RecordKind.USER,
                        "\u65e5\u672c\u8a9e",
                        "65e5672c8a9e",
                        "p:{user:2d}:r:6dad4e9d5078d51c8ffad49f44e877bd80c4e8a3"),
                new Expected(
                        RecordKind.SESSION,
                        "\uD83D\uDE00",
                        "d83dde00",
                        "p:{session:22}:r:e20a33f935f79cb6150abf8b56abaa545204bb91"),
                new Expected(
                        RecordKind.USER,
                        "\uD83D\uDE00",
                        "d83dde00",
                        "p:{user:22}:r:e20a33f935f79cb6150abf8b56abaa545204bb91"),
                new Expected(
                        RecordKind.SESSION,
                        "a\uD83D\uDE00b\uD83C\uDF89",
                        "0061d83dde000062d83cdf89",
                        "p:{session:1b}:r:1b7ae636eab671c8266e71c45a5f873d5026e3a3"),
                new Expected(
                        RecordKind.USER,
                        "a\uD83D\uDE00b\uD83C\uDF89",
                        "0061d83dde000062d83cdf89",
                        "p:{user:1b}:r:1b7ae636eab671c8266e71c45a5f873d5026e3a3"),
                new Expected(
                        RecordKind.SESSION,
                        "{a}",
                        "007b0061007d",
                        "p:{session:07}:r:4701e87e790ed638b2c048e33cca5d627367776b"),
                new Expected(
                        RecordKind.USER,
                        "{a}",
                        "007b0061007d",
                        "p:{user:07}:r:4701e87e790ed638b2c048e33cca5d627367776b"),
                new Expected(
                        RecordKind.SESSION,
                        "../..",
                        "002e002e002f002e002e",
                        "p:{session:06}:r:86cb5dea075421a61fa23568e7cc3db7db24354d"),
                new Expected(
                        RecordKind.USER,
                        "../..",
                        "002e002e002f002e002e",
                        "p:{user:06}:r:86cb5dea075421a61fa23568e7cc3db7db24354d"),
                new Expected(
                        RecordKind.SESSION,
                        "\uFFFD\uE000",
                        "fffde000",
                        "p:{session:2a}:r:eab4024d287a0202c580eac8317b6168612e03b4"),
                new Expected(
                        RecordKind.USER,
                        "\uFFFD\uE000",
                        "fffde000",
                        "p:{user:2a}:r:eab4024d287a0202c580eac8317b6168612e03b4"))) {
            KeyLayout.RecordKeys keys = layout.keys(new StoreKey(e.kind(), e.id()));
            String what = e.kind() + " " + e.id();
            assertEquals(e.memberHex(), HexFormat.of().formatHex(keys.member()), what);
            assertArrayEquals(e.id().getBytes(StandardCharsets.UTF_16BE), keys.member(), what);
            assertArrayEquals(e.record().getBytes(StandardCharsets.UTF_8), keys.record(), what);
            String items = e.record().replace("}:r:", "}:i:");
            assertArrayEquals(items.getBytes(StandardCharsets.UTF_8), keys.items(), what);
            String index = e.record().substring(0, e.record().indexOf("}:r:") + 1) + ":ix";
            assertArrayEquals(index.getBytes(StandardCharsets.UTF_8), keys.index(), what);
        }
        assertArrayEquals(bytes("p:{session:0a}:ix"), layout.index(RecordKind.SESSION, 10));
        assertArrayEquals(bytes("p:{user:3f}:r:"), layout.recordPrefix(RecordKind.USER, 63));
        KeyLayout nonAscii = new KeyLayout("\u00e9\u20ac:");
        assertArrayEquals(
                bytes("\u00e9\u20ac:{session:22}:r:e20a33f935f79cb6150abf8b56abaa545204bb91"),
                nonAscii.keys(StoreKey.session("\uD83D\uDE00")).record());
        assertArrayEquals(bytes("\u00e9\u20ac:{session:0a}:ix"), nonAscii.index(RecordKind.SESSION, 10));
        assertArrayEquals(bytes("\u00e9\u20ac:{user:3f}:r:"), nonAscii.recordPrefix(RecordKind.USER, 63));
    }

    @Test
    void membersOfEveryCharAreTheCharsetsUtf16Be() {
        KeyLayout layout = new KeyLayout("");
        for (int c = 1; c <= 0xFFFF; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String id = "a" + (char) c;
            assertArrayEquals(
                    id.getBytes(StandardCharsets.UTF_16BE),
                    layout.keys(StoreKey.session(id)).member(),
                    Integer.toHexString(c));
        }
        for (int cp = 0x10000; cp <= 0x10FFFF; cp += 0x3FF) {
            String id = new String(Character.toChars(cp)) + "z";
            assertArrayEquals(
                    id.getBytes(StandardCharsets.UTF_16BE),
                    layout.keys(StoreKey.session(id)).member(),
                    Integer.toHexString(cp));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
