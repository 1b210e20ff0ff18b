package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Cursors;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.tck.MutableClock;
import dev.stepwise.store.tck.Poll;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Redis store promises beyond the kit, or in Redis-specific ways: listing order and
 * consistency over the bucket indexes, expiry by the store clock and by Redis, item logs, key
 * length, corrupt records, the script cache. Run on standalone Redis and on a cluster.
 */
abstract class RedisStoreBehaviourTest {

    static final Duration TTL = Duration.ofHours(1);

    RedisFixture fixture;
    MutableClock clock;
    RedisStore store;

    abstract RedisFixture createFixture(MutableClock clock);

    @BeforeEach
    void open() {
        clock = new MutableClock(Instant.parse("2030-01-01T00:00:00.123456789Z"));
        fixture = createFixture(clock);
        store = fixture.newStore();
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void listingReturnsEveryIdOnceInStringOrderWhateverThePageSize() {
        TreeSet<String> ids = new TreeSet<>(List.of(
                "a",
                "A",
                "a{b}c",
                "}{",
                "../x",
                "CON",
                "\uD83D\uDE00 emoji",
                "\uFFFD replacement",
                "\uE000 private",
                "z:1",
                "z:10",
                "z:2",
                "{session:00}"));
        IntStream.range(0, 120).forEach(i -> ids.add("s-" + i));
        for (String id : ids) {
            write(StoreKey.session(id), id, Expect.absent(), RecordAttributes.NONE);
        }
        write(StoreKey.user("a"), "user a", Expect.absent(), RecordAttributes.NONE);

        for (int limit : List.of(1, 7, 64, 1000)) {
            List<String> seen = new ArrayList<>();
            ListQuery query = ListQuery.of(RecordKind.SESSION, "", limit);
            Page page;
            do {
                page = store.list(query);
                if (page.hasMore()) {
                    assertEquals(limit, page.records().size(), "only the last page may be short (limit " + limit + ")");
                }
                page.records().forEach(r -> seen.add(r.key().id()));
                query = query.after(page);
            } while (page.hasMore());
            assertEquals(new ArrayList<>(ids), seen, "ids in String order, each once, limit " + limit);
        }
    }

    @Test
    void prefixAndCursorNarrowTheListing() {
        for (String id : List.of("flow-a/1", "flow-a/2", "flow-a/3", "flow-b/1", "flow-", "flow")) {
            write(StoreKey.session(id), id, Expect.absent(), RecordAttributes.NONE);
        }
        assertEquals(
                List.of("flow-", "flow-a/1", "flow-a/2", "flow-a/3", "flow-b/1"),
                ids(store.list(ListQuery.of(RecordKind.SESSION, "flow-", 10))));
        assertEquals(
                List.of("flow-a/3", "flow-b/1"),
                ids(store.list(ListQuery.of(RecordKind.SESSION, "flow-", 10).withCursor(Cursors.after("flow-a/2")))));
        assertEquals(
                List.of("flow-a/1", "flow-a/2", "flow-a/3"),
                ids(store.list(ListQuery.of(RecordKind.SESSION, "flow-a", 10).withCursor(Cursors.after("a")))));
        Page last = store.list(ListQuery.of(RecordKind.SESSION, "flow-a/", 3));
        assertEquals(3, last.records().size());
        assertFalse(last.hasMore(), "a page that ends the listing has no cursor");
    }

    @Test
    void filtersRunInRedisAndPagesStayFull() {
        for (int i = 0; i < 90; i++) {
            String status = i % 3 == 0 ? "active" : "done";
            write(
                    StoreKey.session(String.format("r%03d", i)),
                    "v" + i,
                    Expect.absent(),
                    new RecordAttributes(i % 2 == 0 ? "flowA" : "flowB", status, "u" + (i % 5)));
            clock.advance(Duration.ofSeconds(1));
        }
        ListQuery active =
                ListQuery.of(RecordKind.SESSION, "", 4).withStatus("active").withFlowId("flowA");
        List<Page> pages = walk(active);
        List<String> expected = IntStream.range(0, 90)
                .filter(i -> i % 6 == 0)
                .mapToObj(i -> String.format("r%03d", i))
                .toList();
        assertEquals(expected, pages.stream().flatMap(p -> ids(p).stream()).toList());
        pages.subList(0, pages.size() - 1)
                .forEach(p -> assertEquals(4, p.records().size(), "full pages"));

        Instant start = Instant.parse("2030-01-01T00:00:00.123456789Z");
        ListQuery window = ListQuery.of(RecordKind.SESSION, "", 100)
                .withUserId("u0")
                .withUpdatedBetween(start.plusSeconds(10), start.plusSeconds(40));
        assertEquals(
                List.of("r010", "r015", "r020", "r025", "r030", "r035"),
                ids(store.list(window)),
                "updatedAfter inclusive, updatedBefore exclusive, to the nanosecond");
    }

    @Test
    void recordsExpireByTheStoreClockBeforeRedisRemovesThem() {
        StoreKey key = StoreKey.session("expiring");
        long v1 = version(store.write(new Write(
                key,
                bytes("old"),
                Expect.absent(),
                Duration.ofSeconds(10),
                RecordAttributes.NONE,
                List.of(item(1), item(2)))));
        clock.advance(Duration.ofSeconds(10));

        assertTrue(store.read(key).isEmpty(), "expired at expiresAt exactly");
        assertTrue(
                store.list(ListQuery.of(RecordKind.SESSION, "", 10)).records().isEmpty());
        assertTrue(store.readItems(key, ItemWindow.after(0, 10)).isEmpty(), "the log of an expired record is empty");
        assertInstanceOf(
                WriteResult.Conflict.class,
                store.write(Write.of(key, bytes("x"), Expect.version(v1), TTL)),
                "an expired record's version cannot be matched");

        long v2 = version(store.write(
                new Write(key, bytes("new"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1)))));
        assertNotEquals(v1 + 1, v2, "a re-created record starts at a fresh random version");
        assertEquals(
                List.of(1L),
                store.readItems(key, ItemWindow.after(0, 10)).stream()
                        .map(Item::seq)
                        .toList(),
                "the expired record's log went with it");
    }

    @Test
    void redisRemovesExpiredKeysAndListingDropsTheirIndexEntries() {
        try (RedisStore store = realTimeStore()) {
            store.write(new Write(
                    StoreKey.session("short"),
                    bytes("x"),
                    Expect.absent(),
                    Duration.ofMillis(300),
                    RecordAttributes.NONE,
                    List.of(item(1))));
            store.write(Write.of(StoreKey.session("long"), bytes("y"), Expect.absent(), TTL));
            Poll.until(
                    "Redis expires the short-lived record and its log",
                    Duration.ofSeconds(15),
                    () -> fixture.keys().stream().noneMatch(k -> k.contains(":r:") && isShort(k))
                            && fixture.keys().stream()
                                            .filter(k -> k.contains(":i:"))
                                            .count()
                                    == 0);
            assertEquals(List.of("long"), ids(store.list(ListQuery.of(RecordKind.SESSION, "", 10))));
            assertEquals(1, indexEntries(), "the listing removed the stale index entry");
        }
    }

    @Test
    void writesRemoveIndexEntriesOfRecordsRedisExpiredWithoutAnyListing() {
        KeyLayout layout = new KeyLayout(fixture.prefix());
        String first = "gc-0";
        String bucket = bucketTag(layout, first);
        String second = IntStream.range(1, 10_000)
                .mapToObj(i -> "gc-" + i)
                .filter(id -> bucketTag(layout, id).equals(bucket))
                .findFirst()
                .orElseThrow();
        try (RedisStore realTime = realTimeStore()) {
            realTime.write(Write.of(StoreKey.session(first), bytes("x"), Expect.absent(), Duration.ofMillis(200)));
            Poll.until("Redis expires the record", Duration.ofSeconds(15), () -> fixture.keys().stream()
                    .noneMatch(k -> k.contains(":r:")));
            assertEquals(1, indexEntries(), "the index still names the expired record");
            realTime.write(Write.of(StoreKey.session(second), bytes("y"), Expect.absent(), TTL));
            assertEquals(1, indexEntries(), "the write dropped the stale entry and added its own");
            assertEquals(List.of(second), ids(realTime.list(ListQuery.of(RecordKind.SESSION, "", 10))));
        }
    }

    @Test
    void anEmptyValueIsKeptAsEmpty() {
        StoreKey key = StoreKey.session("empty");
        write(key, "", Expect.absent(), RecordAttributes.NONE);
        assertArrayEquals(new byte[0], store.read(key).orElseThrow().value());
        assertArrayEquals(
                new byte[0],
                store.list(ListQuery.of(RecordKind.SESSION, "", 10))
                        .records()
                        .get(0)
                        .value());
    }

    @Test
    void itemWindowsAndTrimReadOnlyWhatTheyAskFor() {
        StoreKey key = StoreKey.session("log");
        long v = version(store.write(new Write(
                key,
                bytes("v"),
                Expect.absent(),
                TTL,
                RecordAttributes.NONE,
                IntStream.rangeClosed(1, 20).mapToObj(this::item).toList())));
        store.write(new Write(key, bytes("v"), Expect.version(v), TTL, RecordAttributes.NONE, List.of(item(21))));

        assertEquals(List.of(6L, 7L, 8L), seqs(store.readItems(key, ItemWindow.after(5, 3))));
        assertEquals(List.of(19L, 20L, 21L), seqs(store.readItems(key, ItemWindow.last(3))));
        Item read = store.readItems(key, ItemWindow.after(20, 1)).get(0);
        assertEquals(item(21).kind(), read.kind());
        assertEquals(item(21).at(), read.at(), "item time kept to the nanosecond");
        assertArrayEquals(item(21).payload(), read.payload());

        store.trimItems(key, 18);
        assertEquals(List.of(18L, 19L, 20L, 21L), seqs(store.readItems(key, ItemWindow.after(0, 100))));
    }

    @Test
    void itemsNotAboveTheStoredSeqAreRefusedAndNothingIsWritten() {
        StoreKey key = StoreKey.session("seq");
        long v = version(store.write(
                new Write(key, bytes("one"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1), item(2)))));
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> store.write(
                        new Write(key, bytes("two"), Expect.version(v), TTL, RecordAttributes.NONE, List.of(item(2)))));
        assertTrue(refused.getMessage().contains("2"), refused.getMessage());
        Stored stored = store.read(key).orElseThrow();
        assertEquals(v, stored.version());
        assertArrayEquals(bytes("one"), stored.value());
        assertEquals(List.of(1L, 2L), seqs(store.readItems(key, ItemWindow.after(0, 10))));
    }

    @Test
    void itemsNotAboveTheLastSeqAreRefusedAfterUpdatesWithoutItems() {
        StoreKey key = StoreKey.session("seq-kept");
        long v = version(store.write(new Write(
                key, bytes("0"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1), item(2), item(3)))));
        for (int i = 1; i <= 3; i++) {
            v = version(store.write(Write.of(key, bytes("u" + i), Expect.version(v), TTL)));
        }
        long current = v;
        for (long seq : List.of(1L, 3L)) {
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class,
                    () -> store.write(new Write(
                            key,
                            bytes("no"),
                            Expect.version(current),
                            TTL,
                            RecordAttributes.NONE,
                            List.of(item(seq)))));
            assertTrue(refused.getMessage().contains("stored seq 3"), refused.getMessage());
        }
        assertEquals(current, store.read(key).orElseThrow().version(), "a refused write changes nothing");
        v = version(store.write(
                new Write(key, bytes("4"), Expect.version(v), TTL, RecordAttributes.NONE, List.of(item(4), item(5)))));
        v = version(store.write(Write.of(key, bytes("5"), Expect.any(), TTL)));
        long afterAppend = v;
        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(
                        key, bytes("no"), Expect.version(afterAppend), TTL, RecordAttributes.NONE, List.of(item(5)))));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(store.readItems(key, ItemWindow.after(0, 10))));
        assertEquals("5", recordField(key, "q"), "the last seq kept in the record");
    }

    @Test
    void theSeqCheckComparesWithTheLogAsBeforeWhenItemsWereTrimmed() {
        StoreKey key = StoreKey.session("seq-trimmed");
        long v = version(store.write(new Write(
                key, bytes("0"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(5), item(6), item(7)))));
        store.trimItems(key, 7);
        long current = v;
        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(
                        key, bytes("no"), Expect.version(current), TTL, RecordAttributes.NONE, List.of(item(7)))),
                "7 is still stored");
        store.trimItems(key, 100);
        // compared with the log, not with 'q': an emptied log takes any seq
        v = version(store.write(
                new Write(key, bytes("1"), Expect.version(v), TTL, RecordAttributes.NONE, List.of(item(2)))));
        assertEquals(List.of(2L), seqs(store.readItems(key, ItemWindow.after(0, 10))));
        long again = v;
        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(
                        key, bytes("no"), Expect.version(again), TTL, RecordAttributes.NONE, List.of(item(2)))));
        version(store.write(
                new Write(key, bytes("2"), Expect.version(v), TTL, RecordAttributes.NONE, List.of(item(3)))));
        assertEquals(List.of(2L, 3L), seqs(store.readItems(key, ItemWindow.after(0, 10))));
    }

    /**
     * Only creates add index entries (and clean up); whatever mix of creates, updates, deletes,
     * re-creates and records Redis dropped, a listing finds every live record exactly once and the
     * indexes hold nothing else once listed.
     */
    @Test
    void listingFindsEveryLiveRecordOnceAfterCreatesUpdatesAndDeletes() {
        TreeSet<String> live = new TreeSet<>();
        List<String> ids = IntStream.range(0, 40)
                .mapToObj(i -> String.format("mix-%02d", i))
                .toList();
        for (String id : ids) {
            store.write(new Write(
                    StoreKey.session(id),
                    bytes("0"),
                    Expect.absent(),
                    TTL,
                    new RecordAttributes("f", "new", null),
                    List.of(item(1))));
            live.add(id);
        }
        for (int round = 0; round < 2; round++) {
            for (String id : ids) {
                store.write(new Write(
                        StoreKey.session(id),
                        bytes("r" + round),
                        Expect.any(),
                        TTL,
                        new RecordAttributes("f", "round " + round, "u"),
                        round == 0 ? List.of(item(2)) : List.of()));
            }
        }
        for (int i = 0; i < ids.size(); i += 3) {
            store.delete(StoreKey.session(ids.get(i)), Expect.any());
            live.remove(ids.get(i));
        }
        for (int i = 0; i < ids.size(); i += 6) {
            write(StoreKey.session(ids.get(i)), "again", Expect.absent(), RecordAttributes.NONE);
            live.add(ids.get(i));
        }
        // Redis dropping a record key (as its own expiry does) leaves an index entry behind
        String dropped = ids.get(1);
        String droppedKey = new String(
                new KeyLayout(fixture.prefix()).keys(StoreKey.session(dropped)).record(), StandardCharsets.UTF_8);
        Namespaces.withCommands(fixture.uris(), fixture.isCluster(), redis -> redis.del(droppedKey));
        live.remove(dropped);
        assertEquals(new ArrayList<>(live), allIds(7), "each live record once, in order");
        assertEquals(live.size(), indexEntries(), "the listing removed the dropped record's entry");
        // writing it again (even unconditionally) creates it: its entry is back
        write(StoreKey.session(dropped), "back", Expect.any(), RecordAttributes.NONE);
        live.add(dropped);
        write(StoreKey.session(ids.get(2)), "update", Expect.any(), RecordAttributes.NONE);
        assertEquals(new ArrayList<>(live), allIds(5));
        assertEquals(live.size(), indexEntries());
        // a record expired by the store clock and written again is listed again
        clock.advance(TTL);
        write(StoreKey.session(ids.get(4)), "revived", Expect.absent(), RecordAttributes.NONE);
        assertEquals(List.of(ids.get(4)), allIds(3));
    }

    @Test
    void deleteRemovesRecordLogAndIndexEntry() {
        StoreKey key = StoreKey.session("gone");
        long v = version(
                store.write(new Write(key, bytes("v"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1)))));
        assertEquals(3, fixture.keys().size(), "record, log and bucket index: " + fixture.keys());
        assertInstanceOf(dev.stepwise.store.DeleteResult.Deleted.class, store.delete(key, Expect.version(v)));
        assertEquals(List.of(), fixture.keys(), "no key left behind");
        assertTrue(store.readItems(key, ItemWindow.last(5)).isEmpty());
    }

    @Test
    void longAndStrangeIdsGiveBoundedKeysInOneSlot() {
        String longId = "\uD83D\uDE00".repeat(512);
        StoreKey key = StoreKey.resource(longId);
        write(key, "big id", Expect.absent(), RecordAttributes.NONE);
        write(StoreKey.resource("{x}"), "braces", Expect.absent(), RecordAttributes.NONE);
        store.write(new Write(key, bytes("again"), Expect.any(), TTL, RecordAttributes.NONE, List.of(item(1))));
        for (String k : fixture.keys()) {
            assertTrue(k.length() < fixture.prefix().length() + 70, "key too long: " + k);
        }
        assertEquals(longId, store.read(key).orElseThrow().key().id());
        assertEquals(List.of("{x}", longId), ids(store.list(ListQuery.of(RecordKind.RESOURCE, "", 10))));
    }

    @Test
    void aCorruptRecordFailsAloneAndAnUnconditionalWriteRepairsIt() {
        StoreKey bad = StoreKey.session("bad");
        write(bad, "bad", Expect.absent(), RecordAttributes.NONE);
        write(StoreKey.session("good"), "good", Expect.absent(), RecordAttributes.NONE);
        String recordKey = fixture.keys().stream()
                .filter(k -> k.contains(":r:"))
                .filter(k -> k.endsWith(sha1Hex("bad")))
                .findFirst()
                .orElseThrow();
        Namespaces.withCommands(
                fixture.uris(), fixture.isCluster(), redis -> redis.hset(recordKey, "n", "not a number"));

        assertThrows(CorruptRecordException.class, () -> store.read(bad));
        Page page = store.list(ListQuery.of(RecordKind.SESSION, "", 10));
        assertEquals(List.of("good"), ids(page));
        assertEquals(1, page.unreadable().size(), "the corrupt record is reported");
        assertThrows(
                CorruptRecordException.class, () -> store.write(Write.of(bad, bytes("x"), Expect.version(1), TTL)));
        version(store.write(Write.of(bad, bytes("fixed"), Expect.any(), TTL)));
        assertArrayEquals(bytes("fixed"), store.read(bad).orElseThrow().value());

        Namespaces.withCommands(fixture.uris(), fixture.isCluster(), redis -> redis.hset(recordKey, "es", "soon"));
        assertThrows(CorruptRecordException.class, () -> store.readItems(bad, ItemWindow.last(5)));
        assertEquals(List.of("good"), ids(store.list(ListQuery.of(RecordKind.SESSION, "", 10))));
    }

    @Test
    void aRecordWithoutItsLastItemSeqIsCorruptForConditionalWritesAndRepairedByAnUnconditionalOne() {
        StoreKey key = StoreKey.session("no-q");
        long v = version(store.write(
                new Write(key, bytes("1"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1), item(2)))));
        String recordKey = new String(new KeyLayout(fixture.prefix()).keys(key).record(), StandardCharsets.UTF_8);
        Namespaces.withCommands(fixture.uris(), fixture.isCluster(), redis -> redis.hdel(recordKey, "q"));

        assertArrayEquals(bytes("1"), store.read(key).orElseThrow().value(), "reads do not need the field");
        CorruptRecordException corrupt = assertThrows(
                CorruptRecordException.class,
                () -> store.write(
                        new Write(key, bytes("no"), Expect.version(v), TTL, RecordAttributes.NONE, List.of(item(3)))));
        assertTrue(corrupt.getMessage().contains("last item seq"), corrupt.getMessage());
        assertEquals(null, recordField(key, "q"), "a refused write leaves the record as it was");

        version(store.write(Write.of(key, bytes("fixed"), Expect.any(), TTL)));
        assertEquals("0", recordField(key, "q"), "the replacement is a new record, without items");
        assertEquals(List.of(), seqs(store.readItems(key, ItemWindow.after(0, 10))));
    }

    @Test
    void readAllFetchesLiveRecordsOnly() {
        StoreKey live = StoreKey.session("live");
        StoreKey expiring = StoreKey.user("expiring");
        write(live, "a", Expect.absent(), RecordAttributes.NONE);
        version(store.write(Write.of(expiring, bytes("b"), Expect.absent(), Duration.ofSeconds(5))));
        clock.advance(Duration.ofSeconds(5));
        Map<StoreKey, Stored> found = store.readAll(List.of(live, expiring, StoreKey.project("missing"), live));
        assertEquals(Set.of(live), found.keySet());
        assertArrayEquals(bytes("a"), found.get(live).value());
    }

    @Test
    void scriptsAreSentAgainWhenRedisForgetsThem() {
        StoreKey key = StoreKey.session("flushed");
        long v = version(store.write(Write.of(key, bytes("1"), Expect.absent(), TTL)));
        Namespaces.withCommands(fixture.uris(), fixture.isCluster(), redis -> redis.scriptFlush());
        if (fixture.isCluster()) {
            for (String uri : fixture.uris()) {
                Namespaces.withCommands(List.of(uri), false, redis -> redis.scriptFlush());
            }
        }
        version(store.write(Write.of(key, bytes("2"), Expect.version(v), TTL)));
        assertEquals(v + 1, store.read(key).orElseThrow().version());
        assertEquals(
                1,
                store.list(ListQuery.of(RecordKind.SESSION, "", 10)).records().size());
    }

    @Test
    void aWalkDuringWritesReturnsEveryStableRecordOnceInOrder() throws Exception {
        List<String> stable = IntStream.range(0, 200)
                .mapToObj(i -> String.format("k%04d", i * 2))
                .toList();
        for (String id : stable) {
            write(StoreKey.session(id), id, Expect.absent(), RecordAttributes.NONE);
        }
        RedisStore other = fixture.newStore();
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                StoreKey k = StoreKey.session(String.format("k%04d", (i++ % 200) * 2 + 1));
                other.write(Write.of(k, bytes("c"), Expect.any(), TTL));
                other.delete(StoreKey.session(String.format("k%04d", ((i * 7) % 200) * 2 + 1)), Expect.any());
            }
        });
        churn.start();
        List<String> seen = new ArrayList<>();
        try {
            ListQuery query = ListQuery.of(RecordKind.SESSION, "", 13);
            Page page;
            do {
                page = store.list(query);
                page.records().forEach(r -> seen.add(r.key().id()));
                query = query.after(page);
            } while (page.hasMore());
        } finally {
            stop.set(true);
            churn.join();
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(seen));
        assertEquals(sorted, seen, "strictly ascending, no repeats");
        Set<String> seenSet = Set.copyOf(seen);
        stable.forEach(id -> assertTrue(seenSet.contains(id), "stable record " + id + " missing"));
    }

    // --- helpers

    /** A second client on the system clock, so Redis' own expiry and the store's agree. */
    private RedisStore realTimeStore() {
        return fixture.isCluster()
                ? RedisStore.cluster(fixture.uris()).keyPrefix(fixture.prefix()).build()
                : RedisStore.builder(fixture.uris().get(0))
                        .keyPrefix(fixture.prefix())
                        .build();
    }

    private static String bucketTag(KeyLayout layout, String id) {
        String index = new String(layout.keys(StoreKey.session(id)).index(), StandardCharsets.UTF_8);
        return index;
    }

    private boolean isShort(String key) {
        return key.endsWith(sha1Hex("short"));
    }

    private List<String> allIds(int pageSize) {
        return walk(ListQuery.of(RecordKind.SESSION, "", pageSize)).stream()
                .flatMap(p -> ids(p).stream())
                .toList();
    }

    /** A field of a record's hash, or null. */
    private String recordField(StoreKey key, String field) {
        String recordKey = new String(new KeyLayout(fixture.prefix()).keys(key).record(), StandardCharsets.UTF_8);
        String[] value = {null};
        Namespaces.withCommands(fixture.uris(), fixture.isCluster(), redis -> value[0] = redis.hget(recordKey, field));
        return value[0];
    }

    private long indexEntries() {
        long[] count = {0};
        for (String k : fixture.keys()) {
            if (k.endsWith(":ix")) {
                Namespaces.withCommands(fixture.uris(), fixture.isCluster(), redis -> count[0] += redis.zcard(k));
            }
        }
        return count[0];
    }

    static String sha1Hex(String id) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(id.getBytes(StandardCharsets.UTF_16BE)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Page> walk(ListQuery query) {
        List<Page> pages = new ArrayList<>();
        Page page;
        do {
            page = store.list(query);
            pages.add(page);
            query = query.after(page);
        } while (page.hasMore());
        return pages;
    }

    private long write(StoreKey key, String value, Expect expect, RecordAttributes attributes) {
        return version(store.write(new Write(key, bytes(value), expect, TTL, attributes, List.of())));
    }

    static long version(WriteResult result) {
        return assertInstanceOf(WriteResult.Written.class, result, "write should succeed")
                .version();
    }

    Item item(long seq) {
        return new Item(
                seq,
                "k" + seq % 3,
                Instant.parse("2030-01-01T00:00:00.987654321Z").plusSeconds(seq),
                ("payload " + seq + "\u0000\u00ff").getBytes(StandardCharsets.ISO_8859_1));
    }

    static List<Long> seqs(List<Item> items) {
        return items.stream().map(Item::seq).toList();
    }

    static List<String> ids(Page page) {
        return page.records().stream().map(r -> r.key().id()).toList();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
