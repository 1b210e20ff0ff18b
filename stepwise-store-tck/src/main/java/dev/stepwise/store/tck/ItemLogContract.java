package dev.stepwise.store.tck;

import static dev.stepwise.store.tck.Checks.assertItems;
import static dev.stepwise.store.tck.Checks.conflict;
import static dev.stepwise.store.tck.Checks.seqs;
import static dev.stepwise.store.tck.Checks.written;
import static dev.stepwise.store.tck.Samples.create;
import static dev.stepwise.store.tck.Samples.id;
import static dev.stepwise.store.tck.Samples.item;
import static dev.stepwise.store.tck.Samples.items;
import static dev.stepwise.store.tck.Samples.randomBytes;
import static dev.stepwise.store.tck.Samples.sessionKey;
import static dev.stepwise.store.tck.Samples.utf8;
import static dev.stepwise.store.tck.Samples.withItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.StoreKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The item log of a record: items come back exactly as written in seq order, windows select the
 * right slice, a failed write appends nothing, trimming removes only older items, and every key
 * has its own log.
 */
public interface ItemLogContract extends StoreContract {

    @Test
    default void itemsComeBackExactlyInSeqOrder() {
        StoreKey key = sessionKey("items");
        List<Item> first = List.of(
                new Item(1, "user", Instant.parse("2001-02-03T04:05:06.789Z"), utf8("{\"text\":\"hi\"}")),
                new Item(2, "assistant", Samples.now(), Samples.allByteValues()),
                new Item(3, "k".repeat(64), Samples.now(), new byte[0]),
                new Item(4, "tool", Instant.parse("2099-12-31T23:59:59.999Z"), randomBytes(3000)));
        long v1 = written(store().write(withItems(key, utf8("v"), Expect.absent(), first)), "create")
                .version();
        List<Item> second = items(5, 7);

        written(store().write(withItems(key, utf8("v"), Expect.version(v1), second)), "update");

        List<Item> all = new ArrayList<>(first);
        all.addAll(second);
        assertItems(all, store().readItems(key, ItemWindow.after(0, 100)), "the whole log");
        written(store().write(withItems(key, utf8("v"), Expect.any(), items(8, 8))), "append with any");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), seqs(store().readItems(key, ItemWindow.last(100))));
    }

    @Test
    default void windowsSelectTheRightSlice() {
        StoreKey key = sessionKey("items");
        List<Item> log = new ArrayList<>();
        for (long seq = 2; seq <= 40; seq += 2) {
            log.add(item(seq));
        }
        written(store().write(withItems(key, utf8("v"), Expect.absent(), log)), "create with 20 items");

        assertItems(log.subList(0, 5), store().readItems(key, ItemWindow.after(0, 5)), "after(0, 5)");
        assertItems(log.subList(5, 8), store().readItems(key, ItemWindow.after(10, 3)), "after(10, 3)");
        assertItems(log.subList(5, 8), store().readItems(key, ItemWindow.after(11, 3)), "after(11, 3): 11 is a gap");
        assertItems(log.subList(15, 20), store().readItems(key, ItemWindow.after(30, 100)), "after(30, 100)");
        assertTrue(store().readItems(key, ItemWindow.after(40, 10)).isEmpty(), "after the last seq");
        assertItems(log.subList(17, 20), store().readItems(key, ItemWindow.last(3)), "last(3), oldest first");
        assertItems(log.subList(19, 20), store().readItems(key, ItemWindow.last(1)), "last(1)");
        assertItems(log, store().readItems(key, ItemWindow.last(500)), "last(500) of 20");
    }

    @Test
    default void windowsCoverItemsAppendedByManyWrites() {
        StoreKey key = sessionKey("items");
        long version = written(store().write(create(key, utf8("v"))), "create").version();
        List<Item> log = new ArrayList<>();
        for (int write = 0; write < 10; write++) {
            List<Item> batch = items(write * 3L + 1, write * 3L + 3);
            log.addAll(batch);
            version = written(
                            store().write(withItems(key, utf8("v" + write), Expect.version(version), batch)),
                            "write " + write)
                    .version();
        }

        assertItems(log, store().readItems(key, ItemWindow.after(0, 30)), "every item");
        assertItems(log.subList(13, 18), store().readItems(key, ItemWindow.after(13, 5)), "a window across writes");
        assertItems(log.subList(26, 30), store().readItems(key, ItemWindow.last(4)), "the newest items");
    }

    @Test
    default void aConflictingWriteAppendsNoItems() {
        StoreKey key = sessionKey("items");
        List<Item> log = items(1, 2);
        long v1 = written(store().write(withItems(key, utf8("v"), Expect.absent(), log)), "create")
                .version();

        conflict(store().write(withItems(key, utf8("w"), Expect.version(v1 + 1), items(3, 4))), "stale write");
        conflict(store().write(withItems(key, utf8("w"), Expect.absent(), items(3, 4))), "create over a record");
        conflict(
                store().write(withItems(sessionKey("items"), utf8("w"), Expect.version(9), items(1, 1))),
                "write at a version of a missing record");

        assertItems(log, store().readItems(key, ItemWindow.after(0, 100)), "the log after failed writes");
        List<Item> next = items(3, 4);
        written(
                store().write(withItems(key, utf8("w"), Expect.version(v1), next)),
                "the same seqs, now at the right version");
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(store().readItems(key, ItemWindow.after(0, 100))));
    }

    @Test
    default void trimRemovesOnlyItemsBelowTheGivenSeq() {
        StoreKey key = sessionKey("items");
        List<Item> log = items(1, 10);
        long version = written(store().write(withItems(key, utf8("v"), Expect.absent(), log)), "create")
                .version();

        store().trimItems(key, 5);

        assertItems(log.subList(4, 10), store().readItems(key, ItemWindow.after(0, 100)), "after trimming below 5");
        assertItems(log.subList(4, 6), store().readItems(key, ItemWindow.after(0, 2)), "a window after trimming");
        assertEquals(version, store().read(key).orElseThrow().version(), "trimming changed the record's version");
        assertArrayEquals(utf8("v"), store().read(key).orElseThrow().value());
        store().trimItems(key, 5);
        store().trimItems(key, 1);
        assertEquals(6, store().readItems(key, ItemWindow.last(100)).size(), "trimming again removed more");
        store().trimItems(key, 11);
        assertTrue(store().readItems(key, ItemWindow.last(100)).isEmpty(), "trimming below 11 leaves nothing");
        store().trimItems(sessionKey("items-missing"), 100);
        List<Item> later = items(11, 12);
        written(store().write(withItems(key, utf8("w"), Expect.version(version), later)), "append after trimming");
        assertItems(later, store().readItems(key, ItemWindow.after(0, 100)), "the log after trimming and appending");
    }

    /** A log of one item (a session waiting at its first question) windows and trims like a longer one. */
    @Test
    default void aLogGrownOneItemPerWriteWindowsAndTrimsAtEverySize() {
        StoreKey key = sessionKey("items");
        List<Item> first = items(1, 1);
        long version = written(store().write(withItems(key, utf8("v1"), Expect.absent(), first)), "create")
                .version();
        assertItems(first, store().readItems(key, ItemWindow.after(0, 10)), "the one item");
        assertItems(first, store().readItems(key, ItemWindow.last(5)), "the newest of one");
        assertTrue(store().readItems(key, ItemWindow.after(1, 10)).isEmpty(), "nothing after the one item");

        store().trimItems(key, 1);
        assertItems(first, store().readItems(key, ItemWindow.last(5)), "trimming below its own seq keeps it");
        store().trimItems(key, 2);
        assertTrue(store().readItems(key, ItemWindow.last(5)).isEmpty(), "trimming above it removes it");
        assertEquals(version, store().read(key).orElseThrow().version(), "trimming changed the record's version");
        assertArrayEquals(utf8("v1"), store().read(key).orElseThrow().value());

        List<Item> log = new ArrayList<>();
        for (long seq = 2; seq <= 4; seq++) {
            List<Item> one = items(seq, seq);
            log.addAll(one);
            version = written(
                            store().write(withItems(key, utf8("v" + seq), Expect.version(version), one)),
                            "append " + seq)
                    .version();
            assertItems(log, store().readItems(key, ItemWindow.after(0, 10)), "the log after appending " + seq);
            assertItems(one, store().readItems(key, ItemWindow.last(1)), "the newest after appending " + seq);
        }
        assertItems(log.subList(1, 3), store().readItems(key, ItemWindow.after(2, 10)), "a window after seq 2");

        store().trimItems(key, 4);
        assertItems(log.subList(2, 3), store().readItems(key, ItemWindow.last(5)), "one item left by a trim");
        List<Item> fifth = items(5, 5);
        written(store().write(withItems(key, utf8("v5"), Expect.version(version), fifth)), "append after the trim");
        assertEquals(List.of(4L, 5L), seqs(store().readItems(key, ItemWindow.after(0, 10))));
    }

    @Test
    default void logsOfDifferentKeysAreIndependent() {
        String base = id("items");
        List<StoreKey> keys = List.of(
                StoreKey.session(base),
                StoreKey.session(base + "1"),
                StoreKey.session(base + ":items"),
                StoreKey.session(base + "/1"),
                StoreKey.user(base),
                StoreKey.project(base),
                StoreKey.resource(base));
        List<List<Item>> logs = new ArrayList<>();
        for (StoreKey key : keys) {
            List<Item> log = items(1, 3);
            logs.add(log);
            written(store().write(withItems(key, utf8(key.toString()), Expect.absent(), log)), "create " + key);
        }

        store().trimItems(keys.get(0), 3);
        store().delete(keys.get(1), Expect.any());

        assertItems(logs.get(0).subList(2, 3), store().readItems(keys.get(0), ItemWindow.after(0, 10)), "trimmed log");
        assertTrue(store().readItems(keys.get(1), ItemWindow.after(0, 10)).isEmpty(), "deleted log");
        for (int i = 2; i < keys.size(); i++) {
            assertItems(
                    logs.get(i),
                    store().readItems(keys.get(i), ItemWindow.after(0, 10)),
                    "log of " + keys.get(i) + " after trimming and deleting other keys' logs");
        }
    }

    @Test
    default void theLogOfAMissingRecordIsEmpty() {
        StoreKey key = sessionKey("items-missing");

        assertTrue(store().readItems(key, ItemWindow.after(0, 10)).isEmpty());
        assertTrue(store().readItems(key, ItemWindow.last(10)).isEmpty());
    }

    @Test
    default void returnedPayloadsAreCopies() {
        StoreKey key = sessionKey("items");
        byte[] payload = utf8("payload");
        store().write(withItems(key, utf8("v"), Expect.absent(), List.of(new Item(1, "user", Samples.now(), payload))));
        payload[0] = 'X';

        store().readItems(key, ItemWindow.last(1)).get(0).payload()[1] = 'Y';

        assertArrayEquals(
                utf8("payload"),
                store().readItems(key, ItemWindow.last(1)).get(0).payload());
    }
}
