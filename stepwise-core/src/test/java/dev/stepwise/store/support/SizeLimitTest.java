package dev.stepwise.store.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Write;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeLimitTest {

    private static final SizeLimit LIMIT = new SizeLimit(10, "Example", "example rows hold 12 bytes");
    private static final StoreKey KEY = StoreKey.session("s1");

    private static Write write(int valueBytes, int... payloadBytes) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < payloadBytes.length; i++) {
            items.add(new Item(i + 1, "user", Instant.EPOCH, new byte[payloadBytes[i]]));
        }
        return new Write(
                KEY, new byte[valueBytes], Expect.absent(), Duration.ofMinutes(1), RecordAttributes.NONE, items);
    }

    @Test
    void acceptsEverythingUpToTheLimit() {
        assertDoesNotThrow(() -> LIMIT.check(write(10, 10, 0, 10)));
    }

    @Test
    void refusesALargeValueNamingRecordSizeLimitAndReason() {
        StoreException e = assertThrows(StoreException.class, () -> LIMIT.check(write(11)));
        assertEquals(
                "value of " + KEY + " is 11 bytes; the Example store holds at most 10 bytes per value or item"
                        + " (example rows hold 12 bytes)",
                e.getMessage());
        assertFalse(e.retryable(), "the same write can never fit");
    }

    @Test
    void refusesALargeItemPayloadNamingTheItem() {
        StoreException e = assertThrows(StoreException.class, () -> LIMIT.check(write(1, 3, 11)));
        assertEquals(
                "payload of item 2 of " + KEY + " is 11 bytes; the Example store holds at most 10 bytes per value"
                        + " or item (example rows hold 12 bytes)",
                e.getMessage());
    }

    @Test
    void aLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SizeLimit(0, "Example", "none"));
    }
}
