package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.TestClock;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the memory store promises beyond the conformance kit: copying, its bound, eviction. */
class MemoryStoreTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final TestClock clock = new TestClock(START);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Write create(String id, String value, Duration ttl) {
        return Write.of(StoreKey.session(id), bytes(value), Expect.absent(), ttl);
    }

    @Test
    void aOneItemLogReadsBackItsItemExactlyWhateverItsSeqAndTime() {
        // an entry holds a lone item's seq and its time after the record's in ints, where they fit
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        List<Item> items = List.of(
                new Item(1, "tool", START, bytes("at the write")),
                new Item(2, "tool", START.minusNanos(1_999_999_999), bytes("~2 s before")),
                new Item(3, "tool", START.plusSeconds(3), bytes("3 s after")),
                new Item(Integer.MAX_VALUE, "tool", START, bytes("largest int seq")),
                new Item(Integer.MAX_VALUE + 1L, "tool", START, bytes("seq past an int")),
                new Item(5, "tool", Instant.parse("1700-01-01T00:00:00.000000001Z"), bytes("centuries before")),
                new Item(6, "tool", Instant.parse("2250-12-31T23:59:59.999999999Z"), bytes("centuries after")));
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            StoreKey key = StoreKey.session("one-item-" + i);
            store.write(new Write(key, bytes("v"), Expect.absent(), HOUR, RecordAttributes.NONE, List.of(item)));
            assertSameItem(item, store.readItems(key, ItemWindow.last(1)));
            // a later write without items keeps the item, its time now further from the record's
            clock.advance(Duration.ofSeconds(1));
            store.write(Write.of(key, bytes("w"), Expect.any(), HOUR));
            assertSameItem(item, store.readItems(key, ItemWindow.last(1)));
        }
    }

    private static void assertSameItem(Item expected, List<Item> read) {
        assertEquals(1, read.size(), new String(expected.payload(), StandardCharsets.UTF_8));
        Item item = read.get(0);
        String what = new String(expected.payload(), StandardCharsets.UTF_8);
        assertEquals(expected.seq(), item.seq(), what);
        assertEquals(expected.kind(), item.kind(), what);
        assertEquals(expected.at(), item.at(), what);
        assertArrayEquals(expected.payload(), item.payload(), what);
    }

    @Test
    void arrayPassedToWriteIsCopied() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        byte[] value = bytes("original");
        byte[] payload = bytes("payload");
        Item item = new Item(1, "user", START, payload);
        store.write(
                new Write(StoreKey.session("s"), value, Expect.absent(), HOUR, RecordAttributes.NONE, List.of(item)));

        value[0] = 'X';
        payload[0] = 'X';

        assertArrayEquals(
                bytes("original"),
                store.read(StoreKey.session("s")).orElseThrow().value());
        assertArrayEquals(
                bytes("payload"),
                store.readItems(StoreKey.session("s"), ItemWindow.last(1))
                        .get(0)
                        .payload());
    }

    @Test
    void arraysReturnedByReadsAreCopies() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        StoreKey key = StoreKey.session("s");
        store.write(new Write(
                key,
                bytes("original"),
                Expect.absent(),
                HOUR,
                RecordAttributes.NONE,
                List.of(new Item(1, "user", START, bytes("payload")))));

        store.read(key).orElseThrow().value()[0] = 'X';
        store.readItems(key, ItemWindow.after(0, 10)).get(0).payload()[0] = 'X';
        store.list(ListQuery.of(RecordKind.SESSION, "", 10)).records().get(0).value()[1] = 'X';
        WriteResult.Conflict conflict = (WriteResult.Conflict) store.write(create("s", "other", HOUR));
        conflict.current().orElseThrow().value()[2] = 'X';

        assertArrayEquals(bytes("original"), store.read(key).orElseThrow().value());
        assertArrayEquals(
                bytes("payload"),
                store.readItems(key, ItemWindow.after(0, 10)).get(0).payload());
    }

    @Test
    void fullStoreRefusesNewRecordsButKeepsLiveOnes() {
        MemoryStore store = MemoryStore.builder().maxRecords(3).clock(clock).build();
        for (String id : List.of("a", "b", "c")) {
            assertInstanceOf(WriteResult.Written.class, store.write(create(id, id, HOUR)));
        }

        StoreException full = assertThrows(StoreUnavailableException.class, () -> store.write(create("d", "d", HOUR)));

        assertEquals("memory store is full: 3 records; raise maxRecords (memory:?maxRecords=N)", full.getMessage());
        assertTrue(full.retryable(), "room comes back as records expire or are deleted");
        for (String id : List.of("a", "b", "c")) {
            assertTrue(store.read(StoreKey.session(id)).isPresent(), id + " was evicted");
        }
        assertTrue(store.read(StoreKey.session("d")).isEmpty());
        long version = store.read(StoreKey.session("a")).orElseThrow().version();
        assertInstanceOf(
                WriteResult.Written.class,
                store.write(Write.of(StoreKey.session("a"), bytes("a2"), Expect.version(version), HOUR)),
                "updating a record of a full store needs no room");
    }

    @Test
    void fullStorePurgesExpiredRecordsBeforeRefusing() {
        MemoryStore store = MemoryStore.builder().maxRecords(3).clock(clock).build();
        store.write(create("short", "x", Duration.ofSeconds(10)));
        store.write(create("long1", "x", HOUR));
        store.write(create("long2", "x", HOUR));
        clock.advance(Duration.ofSeconds(10));

        assertInstanceOf(WriteResult.Written.class, store.write(create("new", "x", HOUR)));

        assertEquals(3, store.size());
        assertTrue(store.read(StoreKey.session("long1")).isPresent());
        assertTrue(store.read(StoreKey.session("new")).isPresent());
    }

    @Test
    void deletingFreesRoom() {
        MemoryStore store = MemoryStore.builder().maxRecords(1).clock(clock).build();
        store.write(create("a", "x", HOUR));
        store.delete(StoreKey.session("a"), Expect.any());

        assertInstanceOf(WriteResult.Written.class, store.write(create("b", "x", HOUR)));
        assertEquals(1, store.size());
    }

    @Test
    void expiredRecordIsInvisibleBeforeAnySweep() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        StoreKey key = StoreKey.session("s");
        store.write(new Write(
                key,
                bytes("v"),
                Expect.absent(),
                Duration.ofSeconds(5),
                RecordAttributes.NONE,
                List.of(new Item(1, "user", START, bytes("p")))));
        clock.advance(Duration.ofMillis(4999));
        assertTrue(store.read(key).isPresent());

        clock.advance(Duration.ofMillis(1));

        assertEquals(1, store.size(), "nothing swept yet");
        assertTrue(store.read(key).isEmpty());
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty());
        assertTrue(
                store.list(ListQuery.of(RecordKind.SESSION, "", 10)).records().isEmpty());
        assertInstanceOf(DeleteResult.Conflict.class, store.delete(key, Expect.version(1)));
    }

    @Test
    void anExpiredRecordCountsAsAbsentBeforeItIsSwept() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        for (int i = 0; i < 40; i++) {
            store.write(create("r" + i, "old", Duration.ofSeconds(1 + i)));
        }
        clock.advance(Duration.ofSeconds(40));

        // a write sweeps only a small batch of the earliest expiries, so r39 is still held
        WriteResult again = store.write(create("r39", "again", HOUR));

        assertTrue(store.size() > 20, "the sweep removed every expired record; this test no longer tests anything");
        assertInstanceOf(WriteResult.Written.class, again, "an expired record must count as absent");
        assertArrayEquals(
                bytes("again"),
                store.read(StoreKey.session("r39")).orElseThrow().value());
        assertEquals(new DeleteResult.Deleted(false), store.delete(StoreKey.session("r38"), Expect.any()));
        assertEquals(
                new DeleteResult.Conflict(Optional.empty()), store.delete(StoreKey.session("r37"), Expect.version(1)));
        assertEquals(
                new WriteResult.Conflict(Optional.empty()),
                store.write(Write.of(StoreKey.session("r36"), bytes("x"), Expect.version(1), HOUR)));
    }

    @Test
    void writesSweepExpiredRecordsInExpiryOrder() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        for (int i = 0; i < 10; i++) {
            store.write(create("old" + i, "x", Duration.ofSeconds(1 + i)));
        }
        store.write(create("keep", "x", HOUR));
        clock.advance(Duration.ofSeconds(5));

        store.write(create("trigger", "x", HOUR));

        assertEquals(
                5 + 1 + 1, store.size(), "the 5 expired records are gone; 5 live old ones, keep and trigger remain");
        assertTrue(store.read(StoreKey.session("old4")).isEmpty());
        assertTrue(store.read(StoreKey.session("old5")).isPresent());
    }

    @Test
    void rewritingMovesTheExpiry() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        StoreKey key = StoreKey.session("s");
        long v1 = ((WriteResult.Written) store.write(create("s", "x", Duration.ofSeconds(1)))).version();
        store.write(Write.of(key, bytes("y"), Expect.version(v1), HOUR));
        clock.advance(Duration.ofSeconds(2));

        store.write(create("trigger", "x", HOUR));

        assertEquals(2, store.size());
        assertArrayEquals(bytes("y"), store.read(key).orElseThrow().value());
    }

    @Test
    void aRecordWhoseExpiryKeptMovingIsSweptOnceItsLastExpiryPasses() {
        // each write extends the expiry without moving the record in the expiry index; the sweep
        // that reaches its old position must move it on, not drop it, and drop it once it expires
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        StoreKey key = StoreKey.session("s");
        long version = ((WriteResult.Written) store.write(create("s", "x", Duration.ofSeconds(2)))).version();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            version = ((WriteResult.Written)
                            store.write(Write.of(key, bytes("v" + i), Expect.version(version), Duration.ofSeconds(2))))
                    .version();
        }
        clock.advance(Duration.ofSeconds(1)); // 6 s in: past its first expiries, 1 s before its last
        store.write(create("trigger1", "x", HOUR));
        assertArrayEquals(bytes("v4"), store.read(key).orElseThrow().value());
        assertEquals(2, store.size());
        assertEquals(2, store.indexedExpiries(), "moved, not duplicated");

        clock.advance(Duration.ofSeconds(1));
        store.write(create("trigger2", "x", HOUR));
        assertTrue(store.read(key).isEmpty());
        assertEquals(2, store.size(), "swept at its last expiry");
        assertEquals(2, store.indexedExpiries());
    }

    @Test
    void aShortenedExpiryIsSweptAtTheShorterTime() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        StoreKey key = StoreKey.session("s");
        long v1 = ((WriteResult.Written) store.write(create("s", "x", HOUR))).version();
        store.write(Write.of(key, bytes("y"), Expect.version(v1), Duration.ofSeconds(1)));
        assertEquals(1, store.indexedExpiries(), "the hour-long position is not left behind");
        clock.advance(Duration.ofSeconds(2));

        store.write(create("trigger", "x", HOUR));

        assertEquals(1, store.size());
        assertEquals(1, store.indexedExpiries());
        assertTrue(store.read(key).isEmpty());
    }

    @Test
    void aFullStorePurgesRecordsWhoseExtendedExpiryPassed() {
        MemoryStore store = MemoryStore.builder().maxRecords(2).clock(clock).build();
        StoreKey key = StoreKey.session("a");
        long v1 = ((WriteResult.Written) store.write(create("a", "x", Duration.ofSeconds(1)))).version();
        store.write(Write.of(key, bytes("y"), Expect.version(v1), Duration.ofSeconds(3)));
        store.write(create("b", "x", HOUR));
        clock.advance(Duration.ofSeconds(4));

        assertInstanceOf(WriteResult.Written.class, store.write(create("c", "x", HOUR)));
        assertEquals(2, store.size());
    }

    @Test
    void recreatingAnExpiredRecordStartsANewLog() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        StoreKey key = StoreKey.session("s");
        store.write(new Write(
                key,
                bytes("v"),
                Expect.absent(),
                Duration.ofSeconds(1),
                RecordAttributes.NONE,
                List.of(new Item(5, "user", START, bytes("old")))));
        clock.advance(Duration.ofSeconds(1));

        store.write(new Write(
                key,
                bytes("v"),
                Expect.any(),
                HOUR,
                RecordAttributes.NONE,
                List.of(new Item(1, "user", START, bytes("new")))));

        List<Item> items = store.readItems(key, ItemWindow.after(0, 10));
        assertEquals(1, items.size());
        assertArrayEquals(bytes("new"), items.get(0).payload());
    }

    @Test
    void itemSeqsMustGrowAcrossWrites() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        StoreKey key = StoreKey.session("s");
        long v = ((WriteResult.Written) store.write(new Write(
                        key,
                        bytes("v"),
                        Expect.absent(),
                        HOUR,
                        RecordAttributes.NONE,
                        List.of(new Item(3, "user", START, bytes("p"))))))
                .version();

        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(
                        key,
                        bytes("w"),
                        Expect.version(v),
                        HOUR,
                        RecordAttributes.NONE,
                        List.of(new Item(3, "user", START, bytes("q"))))));
        assertEquals(v, store.read(key).orElseThrow().version(), "the refused write changed nothing");
    }

    @Test
    void hugeTtlSaturates() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        WriteResult.Written written =
                (WriteResult.Written) store.write(create("s", "x", Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Instant.MAX, written.expiresAt());
        assertTrue(store.read(StoreKey.session("s")).isPresent());
    }

    @Test
    void updatedAtComesFromTheClock() {
        MemoryStore store = MemoryStore.builder().clock(clock).build();
        store.write(create("s", "x", HOUR));
        assertEquals(START, store.read(StoreKey.session("s")).orElseThrow().updatedAt());
        assertEquals(
                START.plus(HOUR),
                store.read(StoreKey.session("s")).orElseThrow().expiresAt());
    }

    @Test
    void closedStoreRefusesCalls() {
        MemoryStore store = MemoryStore.builder().build();
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.read(StoreKey.session("s")));
    }

    @Test
    void builderRejectsNonPositiveBound() {
        assertThrows(IllegalArgumentException.class, () -> MemoryStore.builder().maxRecords(0));
    }
}
