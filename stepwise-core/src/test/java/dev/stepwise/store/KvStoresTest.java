package dev.stepwise.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class KvStoresTest {

    private static final Duration TTL = Duration.ofHours(1);

    private final InMemoryKvStore kv = (InMemoryKvStore) KvStores.inMemory();
    private final TestClock clock = new TestClock();
    private final VersionedStore store = KvStores.versioned(kv, clock);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Item item(long seq) {
        return new Item(seq, "user", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq), bytes("item " + seq));
    }

    private static List<Long> seqs(List<Item> items) {
        return items.stream().map(Item::seq).toList();
    }

    private long version(StoreKey key) {
        return store.read(key).orElseThrow().version();
    }

    @Test
    void keepsValueVersionTimesAndAttributes() {
        StoreKey key = StoreKey.session("s");
        RecordAttributes attributes = new RecordAttributes("flow", "active", null);
        WriteResult.Written written = assertInstanceOf(
                WriteResult.Written.class,
                store.write(
                        new Write(key, new byte[] {0, 1, (byte) 0xff}, Expect.absent(), TTL, attributes, List.of())));
        Stored stored = store.read(key).orElseThrow();
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, stored.value());
        assertEquals(written.version(), stored.version());
        assertEquals(attributes, stored.attributes());
        assertEquals(clock.instant(), stored.updatedAt());
        assertEquals(clock.instant().plus(TTL), stored.expiresAt());
        assertEquals(Set.of("session:s"), kv.keys());
    }

    @Test
    void compareAndSetFollowsVersions() {
        StoreKey key = StoreKey.user("u");
        store.write(Write.of(key, bytes("one"), Expect.absent(), TTL));
        long v1 = version(key);
        WriteResult.Conflict conflict = assertInstanceOf(
                WriteResult.Conflict.class, store.write(Write.of(key, bytes("x"), Expect.absent(), TTL)));
        assertArrayEquals(bytes("one"), conflict.current().orElseThrow().value());
        assertInstanceOf(
                WriteResult.Conflict.class, store.write(Write.of(key, bytes("x"), Expect.version(v1 - 1), TTL)));
        assertEquals(
                new WriteResult.Written(v1 + 1, clock.instant().plus(TTL)),
                store.write(Write.of(key, bytes("two"), Expect.version(v1), TTL)));
        assertEquals(
                Optional.empty(),
                ((WriteResult.Conflict)
                                store.write(Write.of(StoreKey.user("none"), bytes("x"), Expect.version(1), TTL)))
                        .current());
    }

    @Test
    void expiredRecordsAreAbsentAndTheirLogIsReplaced() {
        StoreKey key = StoreKey.session("exp");
        store.write(new Write(
                key,
                bytes("v"),
                Expect.absent(),
                Duration.ofSeconds(5),
                RecordAttributes.NONE,
                List.of(item(1), item(2))));
        long old = version(key);
        clock.advance(Duration.ofSeconds(5));
        assertTrue(store.read(key).isEmpty());
        assertTrue(store.readItems(key, ItemWindow.last(5)).isEmpty());
        assertInstanceOf(WriteResult.Conflict.class, store.write(Write.of(key, bytes("x"), Expect.version(old), TTL)));
        store.write(new Write(key, bytes("new"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1))));
        assertEquals(List.of(1L), seqs(store.readItems(key, ItemWindow.last(5))));
        assertEquals(Set.of("session:exp", "session#item/0:exp"), kv.keys());
    }

    @Test
    void itemsAreOneEntryEachAndReadInWindows() {
        StoreKey key = StoreKey.session("items");
        store.write(Write.of(key, bytes("v"), Expect.absent(), TTL));
        for (long seq = 1; seq <= 30; seq += 3) {
            store.write(new Write(
                    key,
                    bytes("v"),
                    Expect.version(version(key)),
                    TTL,
                    RecordAttributes.NONE,
                    List.of(item(seq), item(seq + 1))));
        }
        assertEquals(21, kv.keys().size());
        JsonNode record = kv.get("session:items").orElseThrow();
        assertTrue(Json.size(record) < 400, "the record entry does not grow with the log: " + Json.size(record));
        assertEquals(List.of(4L, 5L, 7L), seqs(store.readItems(key, ItemWindow.after(2, 3))));
        assertEquals(List.of(26L, 28L, 29L), seqs(store.readItems(key, ItemWindow.last(3))));
        assertEquals(List.of(), seqs(store.readItems(key, ItemWindow.after(29, 3))));
        Item fourth = store.readItems(key, ItemWindow.after(3, 1)).get(0);
        assertEquals(item(4).at(), fourth.at());
        assertArrayEquals(item(4).payload(), fourth.payload());
        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(
                        key, bytes("v"), Expect.version(version(key)), TTL, RecordAttributes.NONE, List.of(item(29)))));
    }

    @Test
    void trimAndDeleteRemoveItemEntries() {
        StoreKey key = StoreKey.session("t");
        List<Item> items =
                LongStream.rangeClosed(1, 10).mapToObj(KvStoresTest::item).toList();
        store.write(new Write(key, bytes("v"), Expect.absent(), TTL, RecordAttributes.NONE, items));
        long version = version(key);
        store.trimItems(key, 8);
        assertEquals(List.of(8L, 9L, 10L), seqs(store.readItems(key, ItemWindow.after(0, 100))));
        assertEquals(4, kv.keys().size());
        assertEquals(version, version(key));
        assertThrows(IllegalArgumentException.class, () -> store.delete(key, Expect.absent()));
        assertInstanceOf(DeleteResult.Conflict.class, store.delete(key, Expect.version(version + 1)));
        assertEquals(new DeleteResult.Deleted(true), store.delete(key, Expect.version(version)));
        assertEquals(Set.of(), kv.keys());
        assertEquals(new DeleteResult.Deleted(false), store.delete(key, Expect.any()));
    }

    @Test
    void idsThatLookLikeItemKeysDoNotCollide() {
        StoreKey record = StoreKey.session("x");
        StoreKey lookalike = StoreKey.session("x#item/0:x");
        store.write(new Write(record, bytes("record"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1))));
        store.write(Write.of(lookalike, bytes("lookalike"), Expect.absent(), TTL));
        assertArrayEquals(bytes("record"), store.read(record).orElseThrow().value());
        assertArrayEquals(
                bytes("lookalike"), store.read(lookalike).orElseThrow().value());
        assertArrayEquals(
                item(1).payload(),
                store.readItems(record, ItemWindow.last(1)).get(0).payload());
        store.write(Write.of(StoreKey.user("x"), bytes("user"), Expect.absent(), TTL));
        assertArrayEquals(bytes("record"), store.read(record).orElseThrow().value());
    }

    @Test
    void listingIsRefusedWithAReason() {
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class, () -> store.list(ListQuery.of(RecordKind.SESSION, "", 10)));
        assertTrue(e.getMessage().contains("cannot list"), e.getMessage());
    }

    @Test
    void foreignEntriesAreCorruptRecordsOnly() {
        kv.set("session:bad", Json.parse("{\"hello\":1}"));
        store.write(Write.of(StoreKey.session("good"), bytes("g"), Expect.absent(), TTL));
        CorruptRecordException e =
                assertThrows(CorruptRecordException.class, () -> store.read(StoreKey.session("bad")));
        assertEquals("session:bad", e.location());
        assertThrows(
                CorruptRecordException.class,
                () -> store.write(Write.of(StoreKey.session("bad"), bytes("x"), Expect.absent(), TTL)));
        assertArrayEquals(
                bytes("g"), store.read(StoreKey.session("good")).orElseThrow().value());
        assertInstanceOf(
                WriteResult.Written.class,
                store.write(Write.of(StoreKey.session("bad"), bytes("fixed"), Expect.any(), TTL)));
    }

    @Test
    void kvFailuresBecomeStoreUnavailable() {
        KvStore broken = new KvStore() {
            @Override
            public Optional<JsonNode> get(String key) {
                throw new IllegalStateException("connection refused");
            }

            @Override
            public void set(String key, JsonNode value) {}

            @Override
            public void delete(String key) {}
        };
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> KvStores.versioned(broken)
                .read(StoreKey.session("s")));
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertTrue(e.retryable());
    }

    @Test
    void inMemoryStoreCopiesNodes() {
        KvStore memory = KvStores.inMemory();
        ObjectNode node = Json.object().put("a", 1);
        memory.set("k", node);
        node.put("a", 2);
        JsonNode read = memory.get("k").orElseThrow();
        assertEquals(1, read.get("a").intValue());
        ((ObjectNode) read).put("a", 3);
        assertEquals(1, memory.get("k").orElseThrow().get("a").intValue());
        memory.delete("k");
        assertTrue(memory.get("k").isEmpty());
    }

    @Test
    void concurrentIncrementsThroughTwoAdaptersAreNeverLost() throws Exception {
        VersionedStore other = KvStores.versioned(kv, clock);
        StoreKey key = StoreKey.session("counter");
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                VersionedStore client = t % 2 == 0 ? store : other;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        increment(client, key);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                threads * perThread,
                Long.parseLong(new String(store.read(key).orElseThrow().value(), StandardCharsets.UTF_8)));
    }

    @Test
    void recordEntriesCarryTheirExpiryAndItemEntriesDoNot() {
        java.util.Map<String, Instant> hints = new java.util.HashMap<>();
        KvStore hinted = new KvStore() {
            @Override
            public Optional<JsonNode> get(String key) {
                return kv.get(key);
            }

            @Override
            public void set(String key, JsonNode value) {
                hints.put(key, null);
                kv.set(key, value);
            }

            @Override
            public void set(String key, JsonNode value, Instant expiresAt) {
                hints.put(key, expiresAt);
                kv.set(key, value);
            }

            @Override
            public void delete(String key) {
                kv.delete(key);
            }
        };
        VersionedStore over = KvStores.versioned(hinted, clock);
        StoreKey key = StoreKey.session("hint");
        WriteResult.Written written = assertInstanceOf(
                WriteResult.Written.class,
                over.write(new Write(key, bytes("v"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1)))));
        assertEquals(written.expiresAt(), hints.get("session:hint"));
        assertTrue(hints.containsKey("session#item/0:hint"));
        assertEquals(null, hints.get("session#item/0:hint"), "an item outlives the expiry its record had when written");
        clock.advance(Duration.ofMinutes(1));
        over.trimItems(key, 2);
        assertEquals(written.expiresAt(), hints.get("session:hint"), "a trim keeps the record's expiry");
    }

    private static void increment(VersionedStore client, StoreKey key) {
        while (true) {
            Optional<Stored> current = client.read(key);
            long value = current.map(s -> Long.parseLong(new String(s.value(), StandardCharsets.UTF_8)))
                    .orElse(0L);
            Expect expect = current.map(s -> Expect.version(s.version())).orElse(Expect.absent());
            if (client.write(Write.of(key, bytes(Long.toString(value + 1)), expect, TTL))
                    instanceof WriteResult.Written) {
                return;
            }
        }
    }
}
