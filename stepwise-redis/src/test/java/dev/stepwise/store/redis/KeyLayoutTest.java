package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import io.lettuce.core.cluster.SlotHash;
import java.util.HashSet;
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
        for (StoreKey key : List.of(StoreKey.session("Id"), StoreKey.session("id"), StoreKey.user("id"),
                StoreKey.project("id"), StoreKey.resource("id"))) {
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
        assertNotEquals(SlotHash.getSlot(layout.index(RecordKind.SESSION, 0)),
                SlotHash.getSlot(layout.index(RecordKind.USER, 0)));
    }

    @Test
    void membersSortLikeJavaStrings() {
        List<String> ids = List.of("\uFFFD", "\uD83D\uDE00", "a", "B", "\uE000");
        List<String> byBytes = ids.stream().sorted((x, y) -> java.util.Arrays.compareUnsigned(
                KeyLayout.member(x), KeyLayout.member(y))).toList();
        assertEquals(ids.stream().sorted().toList(), byBytes);
    }

    @Test
    void prefixesWithBracesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyLayout("a{}"));
        assertThrows(IllegalArgumentException.class, () -> new KeyLayout("}"));
    }
}
