package dev.stepwise.store.tck;

import static dev.stepwise.store.tck.Checks.assertItems;
import static dev.stepwise.store.tck.Checks.assertRecord;
import static dev.stepwise.store.tck.Checks.conflict;
import static dev.stepwise.store.tck.Checks.written;
import static dev.stepwise.store.tck.Samples.create;
import static dev.stepwise.store.tck.Samples.put;
import static dev.stepwise.store.tck.Samples.randomBytes;
import static dev.stepwise.store.tck.Samples.sessionKey;
import static dev.stepwise.store.tck.Samples.utf8;
import static dev.stepwise.store.tck.Samples.withItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Size: a value as large as the store promises ({@link StoreFixture#maxValueBytes()}), in random
 * bytes rather than text, round-trips exactly through writes, conflicts and listings; a write
 * carrying 200 items appends them all.
 */
public interface LargeValueContract extends StoreContract {

    @Test
    default void theLargestValueRoundTripsExactly() {
        StoreKey key = sessionKey("large");
        byte[] value = randomBytes(fixture().maxValueBytes());

        long v1 = written(store().write(create(key, value)), "create with " + value.length + " bytes")
                .version();

        assertRecord(store().read(key), value, v1, "the largest value read back");
        assertRecord(
                conflict(store().write(create(key, utf8("small"))), "create over it"),
                value,
                v1,
                "the largest value carried by a conflict");
        byte[] other = randomBytes(fixture().maxValueBytes());
        long v2 = written(store().write(put(key, other, Expect.version(v1))), "replace with another large value")
                .version();
        assertRecord(store().read(key), other, v2, "the replacing value read back");
        assertArrayEquals(
                other,
                store().list(ListQuery.of(RecordKind.SESSION, key.id(), 10))
                        .records()
                        .get(0)
                        .value(),
                "the largest value listed");
        long v3 = written(store().write(put(key, utf8("small again"), Expect.version(v2))), "shrink")
                .version();
        assertRecord(store().read(key), utf8("small again"), v3, "a small value after a large one");
    }

    @Test
    default void twoHundredItemsInOneWriteRoundTrip() {
        StoreKey key = sessionKey("large-items");
        List<Item> items = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            items.add(new Item(
                    seq,
                    seq % 2 == 0 ? "assistant" : "user",
                    Samples.now().plusMillis(seq),
                    randomBytes(256 + (int) seq * 7)));
        }

        written(store().write(withItems(key, utf8("v"), Expect.absent(), items)), "create with 200 items");

        assertItems(items, store().readItems(key, ItemWindow.after(0, 1000)), "all 200 items");
        assertItems(items.subList(150, 200), store().readItems(key, ItemWindow.after(150, 1000)), "items after 150");
        assertItems(items.subList(190, 200), store().readItems(key, ItemWindow.last(10)), "the last 10");
        assertEquals(200, store().readItems(key, ItemWindow.last(200)).size());
    }
}
