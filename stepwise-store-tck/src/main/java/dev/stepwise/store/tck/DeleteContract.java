package dev.stepwise.store.tck;

import static dev.stepwise.store.tck.Checks.assertItems;
import static dev.stepwise.store.tck.Checks.assertRecord;
import static dev.stepwise.store.tck.Checks.conflict;
import static dev.stepwise.store.tck.Checks.deleteConflict;
import static dev.stepwise.store.tck.Checks.deleted;
import static dev.stepwise.store.tck.Checks.written;
import static dev.stepwise.store.tck.Samples.create;
import static dev.stepwise.store.tck.Samples.items;
import static dev.stepwise.store.tck.Samples.put;
import static dev.stepwise.store.tck.Samples.sessionKey;
import static dev.stepwise.store.tck.Samples.utf8;
import static dev.stepwise.store.tck.Samples.withItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Conditional delete: it removes the record and its item log when the condition holds, changes
 * nothing when it does not, and a record created again after a delete can never be overwritten
 * by a writer holding a version of the deleted one (no ABA).
 */
public interface DeleteContract extends StoreContract {

    @Test
    default void deleteAnyOnAMissingRecordSucceedsWithExistedFalse() {
        assertFalse(
                deleted(store().delete(sessionKey("del"), Expect.any()), "delete any of a missing record"),
                "nothing existed");
    }

    @Test
    default void deleteAnyOnAnExistingRecordRemovesIt() {
        StoreKey key = sessionKey("del");
        store().write(create(key, utf8("x")));

        assertTrue(deleted(store().delete(key, Expect.any()), "delete any"), "a live record existed");

        assertTrue(store().read(key).isEmpty(), "the deleted record is still readable");
        assertFalse(deleted(store().delete(key, Expect.any()), "second delete"), "second delete found a record");
    }

    @Test
    default void deleteAtTheCurrentVersionRemovesTheRecord() {
        StoreKey key = sessionKey("del");
        long v1 = written(store().write(create(key, utf8("x"))), "create").version();
        long v2 = written(store().write(put(key, utf8("y"), Expect.version(v1))), "update")
                .version();

        assertTrue(deleted(store().delete(key, Expect.version(v2)), "delete at the current version"));

        assertTrue(store().read(key).isEmpty());
        assertFalse(
                store().list(ListQuery.of(RecordKind.SESSION, key.id(), 10)).records().stream()
                        .anyMatch(s -> s.key().equals(key)),
                "the deleted record is still listed");
    }

    @Test
    default void deleteAtAStaleVersionConflictsAndKeepsTheRecord() {
        StoreKey key = sessionKey("del");
        List<Item> log = items(1, 3);
        long v1 = written(store().write(withItems(key, utf8("x"), Expect.absent(), log)), "create")
                .version();
        long v2 = written(store().write(put(key, utf8("y"), Expect.version(v1))), "update")
                .version();

        Optional<Stored> current = deleteConflict(store().delete(key, Expect.version(v1)), "delete at a stale version");

        assertRecord(current, utf8("y"), v2, "the conflict's current record");
        assertRecord(store().read(key), utf8("y"), v2, "the record after the failed delete");
        assertItems(log, store().readItems(key, ItemWindow.after(0, 100)), "the log after the failed delete");
    }

    @Test
    default void deleteAtAVersionOfAMissingRecordConflictsWithNoCurrentRecord() {
        Optional<Stored> current = deleteConflict(
                store().delete(sessionKey("del"), Expect.version(7)), "delete at a version of a missing record");

        assertTrue(current.isEmpty());
    }

    @Test
    default void deleteWithAbsentIsRefused() {
        StoreKey key = sessionKey("del");
        store().write(create(key, utf8("x")));

        assertThrows(IllegalArgumentException.class, () -> store().delete(key, Expect.absent()));
        assertThrows(IllegalArgumentException.class, () -> store().delete(sessionKey("del"), Expect.absent()));
        assertTrue(store().read(key).isPresent(), "a refused delete removed the record");
    }

    @Test
    default void deleteRemovesTheItemLog() {
        StoreKey key = sessionKey("del");
        store().write(withItems(key, utf8("x"), Expect.absent(), items(1, 5)));

        deleted(store().delete(key, Expect.any()), "delete");

        assertTrue(store().readItems(key, ItemWindow.after(0, 100)).isEmpty(), "items of a deleted record");
        written(store().write(create(key, utf8("again"))), "re-create");
        assertTrue(
                store().readItems(key, ItemWindow.after(0, 100)).isEmpty(),
                "a re-created record shows the items of the deleted one");
        assertTrue(
                store().readItems(key, ItemWindow.last(100)).isEmpty(),
                "a re-created record shows the items of the deleted one");
        List<Item> fresh = items(1, 2);
        long version = store().read(key).orElseThrow().version();
        written(
                store().write(withItems(key, utf8("more"), Expect.version(version), fresh)),
                "append seqs 1..2 to the new log");
        assertItems(fresh, store().readItems(key, ItemWindow.after(0, 100)), "the new log");
    }

    @Test
    default void aStaleVersionCannotOverwriteARecordCreatedAgain() {
        StoreKey key = sessionKey("aba");
        long v1 = written(store().write(create(key, utf8("first life"))), "create")
                .version();
        deleted(store().delete(key, Expect.version(v1)), "delete");

        long v2 = written(store().write(create(key, utf8("second life"))), "re-create")
                .version();

        assertNotEquals(v1, v2, "a re-created record reused its predecessor's version (ABA)");
        conflict(store().write(put(key, utf8("stale writer"), Expect.version(v1))), "write at the deleted version");
        deleteConflict(store().delete(key, Expect.version(v1)), "delete at the deleted version");
        assertRecord(store().read(key), utf8("second life"), v2, "the re-created record");
    }

    @Test
    default void aStaleVersionOfAnUpdatedRecordCannotOverwriteItsSuccessor() {
        StoreKey key = sessionKey("aba");
        long v1 = written(store().write(create(key, utf8("a"))), "create").version();
        long v2 = written(store().write(put(key, utf8("b"), Expect.version(v1))), "update")
                .version();
        deleted(store().delete(key, Expect.any()), "delete");
        long v3 = written(store().write(create(key, utf8("c"))), "re-create").version();

        long v4 = written(store().write(put(key, utf8("d"), Expect.version(v3))), "update of the new record")
                .version();

        assertNotEquals(v1, v3);
        assertNotEquals(v2, v3, "a re-created record reused a version of its predecessor (ABA)");
        assertNotEquals(v2, v4, "a re-created record's update reused a version of its predecessor (ABA)");
        assertEquals(v4, store().read(key).orElseThrow().version());
    }
}
