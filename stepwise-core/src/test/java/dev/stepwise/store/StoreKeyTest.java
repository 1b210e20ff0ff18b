package dev.stepwise.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A key is its kind and its id: equal exactly when both are, wherever keys are hashed. */
class StoreKeyTest {

    @Test
    void keysAreEqualWhenKindAndIdAre() {
        StoreKey key = StoreKey.session("a-1");
        StoreKey same = new StoreKey(RecordKind.SESSION, new String("a-1".toCharArray()));
        assertEquals(key, same);
        assertEquals(key.hashCode(), same.hashCode());
        assertNotEquals(key, StoreKey.user("a-1"));
        assertNotEquals(key, StoreKey.session("a-2"));
        assertNotEquals(key, StoreKey.session("A-1"));
        assertNotEquals(key, null);
        assertNotEquals(key, "session:a-1");
    }

    @Test
    void aSetKeepsEveryKindOfOneIdApart() {
        Set<StoreKey> keys = new HashSet<>();
        for (RecordKind kind : RecordKind.values()) {
            for (String id : new String[] {"x", "y", "é", "😀"}) {
                keys.add(new StoreKey(kind, id));
                keys.add(new StoreKey(kind, new String(id.toCharArray())));
            }
        }
        assertEquals(RecordKind.values().length * 4, keys.size());
        for (RecordKind kind : RecordKind.values()) {
            assertEquals(true, keys.contains(new StoreKey(kind, "é")));
        }
    }

    @Test
    void aBadIdIsRefusedByName() {
        assertEquals(
                "record id must not be empty",
                assertThrows(IllegalArgumentException.class, () -> StoreKey.session(""))
                        .getMessage());
        assertEquals(
                "record id contains a NUL character at index 1",
                assertThrows(IllegalArgumentException.class, () -> StoreKey.session("a\0"))
                        .getMessage());
        assertEquals(
                "record id has an unpaired surrogate at index 0",
                assertThrows(IllegalArgumentException.class, () -> StoreKey.session("\uDC00"))
                        .getMessage());
    }
}
