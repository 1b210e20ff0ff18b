package dev.stepwise.store.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Item;
import dev.stepwise.store.Stored;
import dev.stepwise.store.WriteResult;
import java.util.List;
import java.util.Optional;

/** Assertions on store results, failing with a message that says which guarantee broke. */
final class Checks {

    private Checks() {}

    static WriteResult.Written written(WriteResult result, String what) {
        if (result instanceof WriteResult.Written written) {
            return written;
        }
        return fail(what + ": expected the write to succeed, got " + result);
    }

    static Optional<Stored> conflict(WriteResult result, String what) {
        if (result instanceof WriteResult.Conflict conflict) {
            assertTrue(conflict.current() != null, what + ": a conflict must carry Optional.empty(), not null");
            return conflict.current();
        }
        return fail(what + ": expected a conflict, got " + result);
    }

    static boolean deleted(DeleteResult result, String what) {
        if (result instanceof DeleteResult.Deleted deleted) {
            return deleted.existed();
        }
        return fail(what + ": expected the delete to succeed, got " + result);
    }

    static Optional<Stored> deleteConflict(DeleteResult result, String what) {
        if (result instanceof DeleteResult.Conflict conflict) {
            assertTrue(conflict.current() != null, what + ": a conflict must carry Optional.empty(), not null");
            return conflict.current();
        }
        return fail(what + ": expected a conflict, got " + result);
    }

    /** The record carries exactly this value and version. */
    static void assertRecord(Optional<Stored> actual, byte[] value, long version, String what) {
        Stored stored = actual.orElseThrow(() -> new AssertionError(what + ": expected a record, found none"));
        assertArrayEquals(value, stored.value(), what + ": value");
        assertEquals(version, stored.version(), what + ": version");
    }

    /** Same seqs, kinds, times and payload bytes, in the same order. */
    static void assertItems(List<Item> expected, List<Item> actual, String what) {
        assertEquals(seqs(expected), seqs(actual), what + ": item seqs");
        for (int i = 0; i < expected.size(); i++) {
            Item e = expected.get(i);
            Item a = actual.get(i);
            assertEquals(e.kind(), a.kind(), what + ": kind of item " + e.seq());
            assertEquals(e.at(), a.at(), what + ": time of item " + e.seq() + " (kept to the millisecond)");
            assertArrayEquals(e.payload(), a.payload(), what + ": payload of item " + e.seq());
        }
    }

    static List<Long> seqs(List<Item> items) {
        return items.stream().map(Item::seq).toList();
    }
}
