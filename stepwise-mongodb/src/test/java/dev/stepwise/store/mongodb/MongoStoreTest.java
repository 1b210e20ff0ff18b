package dev.stepwise.store.mongodb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import dev.stepwise.store.Cursors;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MongoDB-specific behaviour: the item commit protocol, expiry filter, indexes, outages, ids. */
class MongoStoreTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00.123456789Z"));
    private final MongoFixture fixture = new MongoFixture(clock);
    private final MongoStore store = fixture.builder().build();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static Write write(StoreKey key, String value, Expect expect, Item... items) {
        return new Write(key, value.getBytes(UTF_8), expect, TTL, RecordAttributes.NONE, List.of(items));
    }

    private static Item item(long seq) {
        return new Item(seq, "user", Instant.parse("2030-01-01T00:00:00Z"), ("item " + seq).getBytes(UTF_8));
    }

    private MongoCollection<Document> items() {
        return fixture.client().getDatabase("stepwise").getCollection(fixture.prefix() + "items");
    }

    private MongoCollection<Document> records() {
        return fixture.client().getDatabase("stepwise").getCollection(fixture.prefix() + "records");
    }

    private static long version(WriteResult r) {
        return assertInstanceOf(WriteResult.Written.class, r).version();
    }

    private static List<Long> seqs(List<Item> items) {
        return items.stream().map(Item::seq).toList();
    }

    @Test
    void updatedAtAndExpiryKeepNanosecondsOfTheClock() {
        StoreKey key = StoreKey.session("s");
        WriteResult.Written w =
                assertInstanceOf(WriteResult.Written.class, store.write(write(key, "a", Expect.absent())));
        Stored s = store.read(key).orElseThrow();
        assertEquals(clock.instant(), s.updatedAt());
        assertEquals(clock.instant().plus(TTL), s.expiresAt());
        assertEquals(w.expiresAt(), s.expiresAt());
    }

    @Test
    void itemsOfALosingWriterStayInvisibleAndAreRemoved() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), item(1))));
        VersionedStore other = fixture.newClient();
        assertInstanceOf(WriteResult.Written.class, other.write(write(key, "b", Expect.version(v), item(2), item(3))));
        WriteResult lost = store.write(write(key, "c", Expect.version(v), item(2)));
        assertInstanceOf(WriteResult.Conflict.class, lost);
        List<Item> log = store.readItems(key, ItemWindow.after(0, 100));
        assertEquals(List.of(1L, 2L, 3L), seqs(log));
        assertEquals("item 2", new String(log.get(1).payload(), UTF_8));
        assertEquals(3, items().countDocuments(), "the loser's pending item is cleaned up");
    }

    @Test
    void pendingItemsOfAnUncommittedWriteAreInvisible() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), item(1))));
        Document committed = items().find().first();
        // A writer that inserted its items and died before its compare-and-set.
        items().insertOne(new Document(committed)
                .append("_id", "dead:2")
                .append("s", 2L)
                .append("t", "dead")
                .append("c", false));
        assertEquals(List.of(1L), seqs(store.readItems(key, ItemWindow.last(10))));
        // The next write may use seq 2; the dead writer's item never shows.
        store.write(write(key, "b", Expect.version(v), item(2)));
        List<Item> log = store.readItems(key, ItemWindow.after(0, 10));
        assertEquals(List.of(1L, 2L), seqs(log));
        assertEquals("item 2", new String(log.get(1).payload(), UTF_8));
    }

    @Test
    void itemsOfACommittedWriteAreVisibleBeforeTheyAreMarkedAndRolledForwardByTheNextWrite() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), item(1), item(2))));
        // As if the writer died between its compare-and-set and marking its items.
        items().updateMany(new Document(), Updates.set("c", false));
        assertEquals(List.of(1L, 2L), seqs(store.readItems(key, ItemWindow.after(0, 10))));
        store.write(write(key, "b", Expect.version(v), item(3)));
        assertEquals(List.of(1L, 2L, 3L), seqs(store.readItems(key, ItemWindow.after(0, 10))));
        assertEquals(0, items().countDocuments(Filters.eq("c", false)));
    }

    @Test
    void anExpiredRecordIsInvisibleAtOnceAndItsPlaceCanBeTakenWithoutItsItems() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), item(1))));
        clock.advance(TTL);
        assertTrue(store.read(key).isEmpty(), "expired at its expiry instant, before any TTL monitor ran");
        assertEquals(1, records().countDocuments(), "the document is still there");
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty());
        assertInstanceOf(WriteResult.Conflict.class, store.write(write(key, "stale", Expect.version(v))));
        version(store.write(write(key, "b", Expect.absent())));
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty());
        assertEquals(0, items().countDocuments(), "the expired record's items are removed when it is replaced");
        assertEquals("b", new String(store.read(key).orElseThrow().value(), UTF_8));
    }

    @Test
    void racingCreatesFromTwoClientsHaveOneWinner() throws Exception {
        VersionedStore other = fixture.newClient();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                StoreKey key = StoreKey.session("race-" + round);
                List<Callable<WriteResult>> calls = List.of(
                        () -> store.write(write(key, "one", Expect.absent(), item(1))),
                        () -> other.write(write(key, "two", Expect.absent(), item(1))));
                List<WriteResult> results = new ArrayList<>();
                for (Future<WriteResult> f : pool.invokeAll(calls)) {
                    results.add(f.get());
                }
                long wins = results.stream()
                        .filter(r -> r instanceof WriteResult.Written)
                        .count();
                assertEquals(1, wins, "round " + round + ": " + results);
                WriteResult.Conflict conflict = (WriteResult.Conflict) results.stream()
                        .filter(r -> r instanceof WriteResult.Conflict)
                        .findFirst()
                        .orElseThrow();
                Stored winner = store.read(key).orElseThrow();
                assertEquals(winner.version(), conflict.current().orElseThrow().version());
                List<Item> log = store.readItems(key, ItemWindow.last(10));
                assertEquals(1, log.size());
                assertArrayEquals("item 1".getBytes(UTF_8), log.get(0).payload());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listingFollowsStringOrderAcrossSurrogatesAndHighBmpCharacters() {
        List<String> ids =
                new ArrayList<>(List.of("a", "a\uFF01", "a\uD83D\uDE00", "a\uE000", "b", "B", "a/..", "\u00e9"));
        for (String id : ids) {
            store.write(write(StoreKey.session(id), id, Expect.absent()));
        }
        ids.sort(String::compareTo);
        List<String> listed = new ArrayList<>();
        ListQuery q = ListQuery.of(RecordKind.SESSION, "", 3);
        Page page;
        do {
            page = store.list(q);
            page.records().forEach(s -> listed.add(s.key().id()));
            q = q.after(page);
        } while (page.hasMore());
        assertEquals(ids, listed);
        List<String> withPrefix = store.list(ListQuery.of(RecordKind.SESSION, "a", 100)).records().stream()
                .map(s -> s.key().id())
                .toList();
        assertEquals(ids.stream().filter(i -> i.startsWith("a")).toList(), withPrefix);
    }

    @Test
    void aListingOfFilteredRecordsHasNoShortPages() {
        for (int i = 0; i < 30; i++) {
            store.write(new Write(
                    StoreKey.session(String.format("s%02d", i)),
                    new byte[] {1},
                    Expect.absent(),
                    TTL,
                    new RecordAttributes("f", i % 3 == 0 ? "done" : "active", null),
                    List.of()));
        }
        Page page = store.list(ListQuery.of(RecordKind.SESSION, "", 4).withStatus("done"));
        assertEquals(4, page.records().size());
        assertEquals(
                List.of("s00", "s03", "s06", "s09"),
                page.records().stream().map(s -> s.key().id()).toList());
        assertEquals(Cursors.after("s09"), page.nextCursor());
    }

    @Test
    void anUnreadableDocumentIsReportedByListingAndFailsOnlyItsOwnRead() {
        store.write(write(StoreKey.session("good"), "g", Expect.absent()));
        store.write(write(StoreKey.session("bad"), "b", Expect.absent()));
        records().updateOne(Filters.eq("_id", "session:bad"), Updates.set("v", "not binary"));
        Page page = store.list(ListQuery.of(RecordKind.SESSION, "", 10));
        assertEquals(
                List.of("good"), page.records().stream().map(s -> s.key().id()).toList());
        assertEquals(1, page.unreadable().size());
        assertThrows(dev.stepwise.store.CorruptRecordException.class, () -> store.read(StoreKey.session("bad")));
        assertTrue(store.read(StoreKey.session("good")).isPresent());
    }

    @Test
    void deleteRemovesTheRecordAndItsItems() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), item(1), item(2))));
        assertInstanceOf(DeleteResult.Conflict.class, store.delete(key, Expect.version(v + 1)));
        assertEquals(new DeleteResult.Deleted(true), store.delete(key, Expect.version(v)));
        assertEquals(0, items().countDocuments());
        assertEquals(new DeleteResult.Deleted(false), store.delete(key, Expect.any()));
    }

    @Test
    void indexesAreCreatedOnFirstUseIncludingTheTtlIndex() {
        store.read(StoreKey.session("x"));
        List<Document> indexes = records().listIndexes().into(new ArrayList<>());
        Document ttl = indexes.stream()
                .filter(i -> "stepwise_ttl".equals(i.getString("name")))
                .findFirst()
                .orElseThrow();
        // mongo-java-server keeps the option but runs no TTL monitor: the read-time filter on expN is
        // what the expiry tests above exercise.
        assertEquals(0, ((Number) ttl.get("expireAfterSeconds")).intValue());
        assertTrue(indexes.stream().anyMatch(i -> "stepwise_list".equals(i.getString("name"))));
    }

    @Test
    void withoutIndexCreationAMissingIndexIsNamed() {
        MongoStore unprepared = MongoStore.builder(fixture.client().getDatabase("other"))
                .createIndexes(false)
                .build();
        StoreException e = assertThrows(StoreException.class, () -> unprepared.read(StoreKey.session("x")));
        assertTrue(e.getMessage().contains("stepwise_list"), e.getMessage());
        store.read(StoreKey.session("x"));
        MongoStore prepared = fixture.builder().createIndexes(false).build();
        assertTrue(prepared.read(StoreKey.session("x")).isEmpty());
    }

    @Test
    void aBackendOutageIsRetryableChangesNothingAndTheSameStoreRecovers() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), item(1))));
        fixture.stopServer();
        StoreException e =
                assertThrows(StoreException.class, () -> store.write(write(key, "b", Expect.version(v), item(2))));
        assertInstanceOf(StoreUnavailableException.class, e);
        assertTrue(e.retryable());
        assertThrows(StoreUnavailableException.class, () -> store.read(key));
        assertThrows(StoreUnavailableException.class, () -> store.list(ListQuery.of(RecordKind.SESSION, "", 5)));
        fixture.startServer();
        Stored s = store.read(key).orElseThrow();
        assertEquals(v, s.version());
        assertEquals(List.of(1L), seqs(store.readItems(key, ItemWindow.last(10))));
        assertInstanceOf(WriteResult.Written.class, store.write(write(key, "b", Expect.version(v), item(2))));
        assertEquals(List.of(1L, 2L), seqs(store.readItems(key, ItemWindow.last(10))));
    }

    @Test
    void aBackendLostBetweenTheItemsAndTheCommitLeavesNothingVisible() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), item(1))));
        AtomicBoolean armed = new AtomicBoolean();
        CommandListener cutAfterItems = new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if (event.getCommandName().equals("insert") && armed.compareAndSet(true, false)) {
                    fixture.stopServer();
                }
            }
        };
        MongoStore victim = MongoStore.builder(fixture.client(cutAfterItems).getDatabase("stepwise"))
                .collectionPrefix(fixture.prefix())
                .clock(clock)
                .build();
        assertEquals(v, victim.read(key).orElseThrow().version());
        armed.set(true);
        assertThrows(
                StoreUnavailableException.class,
                () -> victim.write(write(key, "b", Expect.version(v), item(2), item(3))));
        assertFalse(armed.get(), "the items were inserted before the backend went away");
        fixture.startServer();
        // The first client's pooled connections were cut too: like any caller, retry what is retryable.
        Stored after = retryingUnavailable(() -> store.read(key)).orElseThrow();
        assertEquals(v, after.version(), "the record is unchanged");
        assertEquals(3, items().countDocuments(), "the staged items are there");
        assertEquals(List.of(1L), seqs(store.readItems(key, ItemWindow.after(0, 10))), "and they are invisible");
        assertInstanceOf(WriteResult.Written.class, victim.write(write(key, "c", Expect.version(v), item(2))));
        assertEquals(List.of(1L, 2L), seqs(store.readItems(key, ItemWindow.after(0, 10))));
    }

    /** Runs {@code call} until it stops failing with a retryable error, for at most 15 seconds. */
    private static <T> T retryingUnavailable(Supplier<T> call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    @Test
    void aValueAboveTheDocumentLimitIsRefusedWithAClearMessageAndNothingIsWritten() {
        StoreKey key = StoreKey.session("big");
        StoreException e = assertThrows(
                StoreException.class,
                () -> store.write(
                        new Write(key, new byte[MongoStore.MAX_VALUE_BYTES + 1], Expect.absent(), TTL, null, null)));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains(Integer.toString(MongoStore.MAX_VALUE_BYTES)), e.getMessage());
        assertTrue(store.read(key).isEmpty());
    }

    @Test
    void longIdsAndOddIdsAreDistinctRecords() {
        String longId = "\uD83D\uDE00".repeat(512);
        List<String> ids = List.of(longId, "CON", "con", "../x", "a\\b", "a/b");
        for (String id : ids) {
            store.write(write(StoreKey.resource(id), id, Expect.absent()));
        }
        for (String id : ids) {
            assertEquals(
                    id,
                    new String(store.read(StoreKey.resource(id)).orElseThrow().value(), UTF_8));
        }
        assertFalse(store.read(StoreKey.session("CON")).isPresent(), "kinds never collide");
    }
}
