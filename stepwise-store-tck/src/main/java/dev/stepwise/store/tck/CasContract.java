package dev.stepwise.store.tck;

import static dev.stepwise.store.tck.Checks.assertItems;
import static dev.stepwise.store.tck.Checks.assertRecord;
import static dev.stepwise.store.tck.Checks.conflict;
import static dev.stepwise.store.tck.Checks.written;
import static dev.stepwise.store.tck.Samples.LONG_TTL;
import static dev.stepwise.store.tck.Samples.allByteValues;
import static dev.stepwise.store.tck.Samples.create;
import static dev.stepwise.store.tck.Samples.items;
import static dev.stepwise.store.tck.Samples.put;
import static dev.stepwise.store.tck.Samples.sessionKey;
import static dev.stepwise.store.tck.Samples.utf8;
import static dev.stepwise.store.tck.Samples.withAttributes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Compare-and-set: {@link Expect#absent()}, {@link Expect#version(long)} and {@link Expect#any()}
 * decide whether a write happens, a failed condition changes nothing and reports the current
 * record, and what is read is exactly what was written.
 */
public interface CasContract extends StoreContract {

    @Test
    default void createWithAbsentSucceedsAndReturnsTheVersionRead() {
        StoreKey key = sessionKey("cas");

        WriteResult.Written created = written(store().write(create(key, utf8("v1"))), "create on a fresh key");

        Stored stored = store().read(key).orElseThrow(() -> new AssertionError("created record is not readable"));
        assertEquals(key, stored.key());
        assertEquals(created.version(), stored.version(), "read returns the version the create returned");
    }

    @Test
    default void absentOnAnExistingRecordConflictsWithTheCurrentRecord() {
        StoreKey key = sessionKey("cas");
        long version =
                written(store().write(create(key, utf8("first"))), "create").version();

        Optional<Stored> current = conflict(store().write(create(key, utf8("second"))), "second create");

        assertRecord(current, utf8("first"), version, "the conflict's current record");
        assertRecord(store().read(key), utf8("first"), version, "the record after the failed create");
    }

    @Test
    default void exactVersionSucceedsAndReturnsANewVersion() {
        StoreKey key = sessionKey("cas");
        long v1 = written(store().write(create(key, utf8("first"))), "create").version();

        long v2 = written(store().write(put(key, utf8("second"), Expect.version(v1))), "update at v1")
                .version();

        assertNotEquals(v1, v2, "an update must return a new version");
        assertRecord(store().read(key), utf8("second"), v2, "the record after the update");
        long v3 = written(store().write(put(key, utf8("third"), Expect.version(v2))), "update at v2")
                .version();
        assertNotEquals(v1, v3);
        assertNotEquals(v2, v3);
    }

    @Test
    default void staleVersionConflictsWithTheCurrentRecord() {
        StoreKey key = sessionKey("cas");
        long v1 = written(store().write(create(key, utf8("first"))), "create").version();
        long v2 = written(store().write(put(key, utf8("second"), Expect.version(v1))), "update")
                .version();

        Optional<Stored> current =
                conflict(store().write(put(key, utf8("stale"), Expect.version(v1))), "write at the stale version");

        assertRecord(current, utf8("second"), v2, "the conflict's current record");
        assertRecord(store().read(key), utf8("second"), v2, "the record after the stale write");
    }

    @Test
    default void versionOnAMissingRecordConflictsWithNoCurrentRecord() {
        StoreKey key = sessionKey("cas");

        Optional<Stored> current = conflict(
                store().write(put(key, utf8("x"), Expect.version(1))),
                "write at a version of a record that does not exist");

        assertTrue(current.isEmpty(), "conflict on a missing record carries no current record");
        assertTrue(store().read(key).isEmpty(), "the failed write created a record");
    }

    @Test
    default void anyCreatesAMissingRecordAndOverwritesAnExistingOne() {
        StoreKey key = sessionKey("cas");

        long v1 = written(store().write(put(key, utf8("first"), Expect.any())), "any on a missing record")
                .version();
        assertRecord(store().read(key), utf8("first"), v1, "the record created by any");

        long v2 = written(store().write(put(key, utf8("second"), Expect.any())), "any on an existing record")
                .version();
        assertNotEquals(v1, v2, "an overwrite must return a new version");
        assertRecord(store().read(key), utf8("second"), v2, "the record overwritten by any");
        conflict(store().write(put(key, utf8("stale"), Expect.version(v1))), "write at the version before any");
    }

    @Test
    default void readReturnsExactlyTheBytesAndAttributesWritten() {
        StoreKey key = sessionKey("cas");
        byte[] value = allByteValues();
        RecordAttributes attributes = new RecordAttributes("flow-é/1", "active", "user ✓ 42");

        long version = written(store().write(withAttributes(key, value, Expect.absent(), attributes)), "create")
                .version();

        Stored stored = store().read(key).orElseThrow();
        assertArrayEquals(value, stored.value(), "every byte value, including NUL and invalid UTF-8, round-trips");
        assertEquals(version, stored.version());
        assertEquals(attributes, stored.attributes());

        RecordAttributes partial = new RecordAttributes(null, "completed", null);
        long v2 = written(store().write(withAttributes(key, utf8("{}"), Expect.version(version), partial)), "update")
                .version();
        Stored updated = store().read(key).orElseThrow();
        assertArrayEquals(utf8("{}"), updated.value());
        assertEquals(v2, updated.version());
        assertEquals(partial, updated.attributes(), "null attributes stay null and replace the old ones");
    }

    @Test
    default void emptyValueRoundTrips() {
        StoreKey key = sessionKey("cas");

        written(store().write(create(key, new byte[0])), "create with an empty value");

        Stored stored = store().read(key).orElseThrow(() -> new AssertionError("an empty value reads as missing"));
        assertEquals(0, stored.value().length);
    }

    @Test
    default void aConflictChangesNothing() {
        StoreKey key = sessionKey("cas");
        RecordAttributes attributes = new RecordAttributes("flow", "active", "user");
        List<Item> firstItems = items(1, 2);
        long version = written(
                        store().write(new Write(key, utf8("kept"), Expect.absent(), LONG_TTL, attributes, firstItems)),
                        "create")
                .version();
        Stored before = store().read(key).orElseThrow();
        RecordAttributes otherAttributes = new RecordAttributes("other", "failed", "someone");

        conflict(
                store().write(new Write(
                        key,
                        utf8("lost"),
                        Expect.version(version + 1000),
                        Duration.ofSeconds(5),
                        otherAttributes,
                        items(3, 4))),
                "write at a wrong version");
        conflict(
                store().write(new Write(
                        key, utf8("lost"), Expect.absent(), Duration.ofSeconds(5), otherAttributes, items(3, 4))),
                "create over an existing record");

        Stored after = store().read(key).orElseThrow();
        assertArrayEquals(utf8("kept"), after.value(), "value after conflicts");
        assertEquals(version, after.version(), "version after conflicts");
        assertEquals(attributes, after.attributes(), "attributes after conflicts");
        assertEquals(before.expiresAt(), after.expiresAt(), "expiry after conflicts");
        assertEquals(before.updatedAt(), after.updatedAt(), "updatedAt after conflicts");
        assertItems(firstItems, store().readItems(key, ItemWindow.after(0, 100)), "item log after conflicts");
    }

    @Test
    default void returnedValuesAreCopies() {
        StoreKey key = sessionKey("cas");
        byte[] written = utf8("original");
        store().write(create(key, written));
        written[0] = 'X';

        byte[] first = store().read(key).orElseThrow().value();
        assertArrayEquals(utf8("original"), first, "changing the array passed to write changed the record");
        first[0] = 'Y';
        Stored conflictCurrent =
                conflict(store().write(create(key, utf8("other"))), "create").orElseThrow();
        conflictCurrent.value()[1] = 'Z';

        byte[] second = store().read(key).orElseThrow().value();
        assertNotSame(first, second, "two reads returned the same array");
        assertArrayEquals(utf8("original"), second, "changing a returned array changed the record");
    }

    @Test
    default void readAllReturnsOnlyLiveRecords() {
        StoreKey a = sessionKey("cas-a");
        StoreKey b = sessionKey("cas-b");
        StoreKey missing = sessionKey("cas-missing");
        store().write(create(a, utf8("a")));
        store().write(create(b, utf8("b")));

        Map<StoreKey, Stored> found = store().readAll(List.of(a, missing, b));

        assertEquals(2, found.size(), "readAll found " + found.keySet());
        assertArrayEquals(utf8("a"), found.get(a).value());
        assertArrayEquals(utf8("b"), found.get(b).value());
        assertTrue(store().readAll(List.of()).isEmpty());
    }
}
