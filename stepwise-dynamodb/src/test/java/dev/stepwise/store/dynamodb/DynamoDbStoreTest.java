package dev.stepwise.store.dynamodb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;

/** DynamoDB-specific behaviour: staged items, size limit, listing ties, expiry filter, outages, setup. */
class DynamoDbStoreTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00.123456789Z"));
    private final DynamoDbFixture fixture = new DynamoDbFixture(clock);
    private final DynamoDbStore store = fixture.builder().build();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static Write write(StoreKey key, String value, Expect expect, List<Item> items) {
        return new Write(key, value.getBytes(UTF_8), expect, TTL, RecordAttributes.NONE, items);
    }

    private static List<Item> items(long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(
                        s -> new Item(s, "user", Instant.parse("2030-01-01T00:00:00Z"), ("item " + s).getBytes(UTF_8)))
                .toList();
    }

    private static long version(WriteResult r) {
        return assertInstanceOf(WriteResult.Written.class, r).version();
    }

    private List<Long> seqs(StoreKey key) {
        return store.readItems(key, ItemWindow.after(0, 10_000)).stream()
                .map(Item::seq)
                .toList();
    }

    @Test
    void aWriteWithMoreItemsThanATransactionHoldsIsStagedAndAllOrNothing() {
        StoreKey key = StoreKey.session("big");
        long v = version(store.write(write(key, "a", Expect.absent(), items(1, 150))));
        assertEquals(LongStream.rangeClosed(1, 150).boxed().toList(), seqs(key));
        VersionedStore other = fixture.newClient();
        long v2 = version(other.write(write(key, "b", Expect.version(v), items(151, 300))));
        // A stale writer staging 150 items loses: none of them may show.
        assertInstanceOf(WriteResult.Conflict.class, store.write(write(key, "c", Expect.version(v), items(151, 300))));
        List<Item> log = store.readItems(key, ItemWindow.last(150));
        assertEquals(151, log.get(0).seq());
        assertEquals(300, log.size() + 150);
        assertEquals(v + 1, v2);
    }

    @Test
    void stagedItemsOfACommittedWriteAreVisibleBeforeBeingMarkedAndRolledForward() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), items(1, 120))));
        DynamoDbClient raw = fixture.client();
        // As if the writer died after its commit but before marking its items.
        for (Map<String, AttributeValue> row :
                raw.scan(r -> r.tableName(fixture.table())).items()) {
            if (row.get("sk").s().startsWith("i#")) {
                Map<String, AttributeValue> unmarked = new HashMap<>(row);
                unmarked.put("c", AttributeValue.fromBool(false));
                raw.putItem(r -> r.tableName(fixture.table()).item(unmarked));
            }
        }
        assertEquals(120, seqs(key).size());
        store.write(write(key, "b", Expect.version(v), items(121, 122)));
        assertEquals(LongStream.rangeClosed(1, 122).boxed().toList(), seqs(key));
        long unmarked = raw.scan(r -> r.tableName(fixture.table())).items().stream()
                .filter(row -> row.containsKey("c") && !row.get("c").bool())
                .count();
        assertEquals(0, unmarked);
    }

    @Test
    void aValueAboveTheLimitIsRefusedWithAClearMessageAndNothingIsWritten() {
        StoreKey key = StoreKey.session("s");
        StoreException e = assertThrows(
                StoreException.class,
                () -> store.write(
                        new Write(key, new byte[DynamoDbStore.MAX_VALUE_BYTES + 1], Expect.absent(), TTL, null, null)));
        assertTrue(e.getMessage().contains(Integer.toString(DynamoDbStore.MAX_VALUE_BYTES)), e.getMessage());
        assertTrue(store.read(key).isEmpty());
        assertInstanceOf(
                WriteResult.Written.class,
                store.write(new Write(key, new byte[DynamoDbStore.MAX_VALUE_BYTES], Expect.absent(), TTL, null, null)));
    }

    @Test
    void anExpiredRecordIsInvisibleAtOnceAndCountsAsAbsent() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), items(1, 2))));
        clock.advance(TTL);
        assertTrue(store.read(key).isEmpty());
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty());
        assertTrue(
                store.list(ListQuery.of(RecordKind.SESSION, "", 10)).records().isEmpty());
        assertInstanceOf(WriteResult.Conflict.class, store.write(write(key, "stale", Expect.version(v), List.of())));
        assertInstanceOf(WriteResult.Written.class, store.write(write(key, "b", Expect.absent(), List.of())));
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty(), "the old incarnation's items stay hidden");
        assertEquals(0, itemRows(), "and are removed when the expired record is replaced");
        version(store.write(
                write(key, "c", Expect.version(store.read(key).orElseThrow().version()), items(1, 1))));
        clock.advance(TTL);
        store.write(write(key, "d", Expect.absent(), items(5, 6)));
        assertEquals(List.of(5L, 6L), seqs(key));
        assertEquals(2, itemRows(), "a create with items replacing an expired record removes its items too");
    }

    private long itemRows() {
        return fixture.client().scan(r -> r.tableName(fixture.table())).items().stream()
                .filter(row -> row.get("sk").s().startsWith("i#"))
                .count();
    }

    @Test
    void idsLongerThanTheListingKeyAreListedInIdOrderAcrossPages() {
        String head = "x".repeat(Keys.LIST_KEY_CHARS);
        List<String> ids = new ArrayList<>();
        for (String tail : List.of("d", "a", "c", "b", "e")) {
            ids.add(head + tail);
        }
        ids.add("\uD83D\uDE00".repeat(512));
        ids.add("w");
        for (String id : ids) {
            store.write(write(StoreKey.session(id), "v", Expect.absent(), List.of()));
        }
        ids.sort(String::compareTo);
        List<String> listed = new ArrayList<>();
        ListQuery q = ListQuery.of(RecordKind.SESSION, "", 2);
        Page page;
        do {
            page = store.list(q);
            assertTrue(!page.hasMore() || page.records().size() == 2, "no short pages");
            page.records().forEach(s -> listed.add(s.key().id()));
            q = q.after(page);
        } while (page.hasMore());
        assertEquals(ids, listed);
        assertEquals(
                ids.get(ids.size() - 1),
                store.read(StoreKey.session(ids.get(ids.size() - 1)))
                        .orElseThrow()
                        .key()
                        .id());
    }

    @Test
    void aBackendOutageIsRetryableChangesNothingAndTheSameStoreRecovers() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), items(1, 1))));
        fixture.stopServer();
        StoreException e =
                assertThrows(StoreException.class, () -> store.write(write(key, "b", Expect.version(v), items(2, 3))));
        assertInstanceOf(StoreUnavailableException.class, e);
        assertTrue(e.retryable());
        assertThrows(StoreUnavailableException.class, () -> store.read(key));
        fixture.startServer();
        assertEquals(v, store.read(key).orElseThrow().version());
        assertEquals(List.of(1L), seqs(key));
        assertInstanceOf(WriteResult.Written.class, store.write(write(key, "b", Expect.version(v), items(2, 3))));
        assertEquals(List.of(1L, 2L, 3L), seqs(key));
    }

    @Test
    void readAllBatchesAndSkipsMissingAndExpiredRecords() {
        List<StoreKey> keys = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            keys.add(StoreKey.user("u" + i));
        }
        for (StoreKey key : keys.subList(0, 120)) {
            store.write(new Write(
                    key,
                    key.id().getBytes(UTF_8),
                    Expect.absent(),
                    key.id().equals("u7") ? Duration.ofSeconds(1) : TTL,
                    null,
                    null));
        }
        clock.advance(Duration.ofSeconds(1));
        Map<StoreKey, dev.stepwise.store.Stored> found = store.readAll(keys);
        assertEquals(119, found.size(), "120 written, one expired, ten never written");
        assertTrue(!found.containsKey(StoreKey.user("u7")) && !found.containsKey(StoreKey.user("u125")));
        assertEquals("u119", new String(found.get(StoreKey.user("u119")).value(), UTF_8));
        assertEquals(
                keys.subList(0, 120).stream().filter(k -> !k.id().equals("u7")).toList(), List.copyOf(found.keySet()));
    }

    @Test
    void anUndecodableRowIsReportedByListingAndFailsOnlyItsOwnRead() {
        store.write(write(StoreKey.session("good"), "g", Expect.absent(), List.of()));
        store.write(write(StoreKey.session("bad"), "b", Expect.absent(), List.of()));
        fixture.client().updateItem(r -> r.tableName(fixture.table())
                .key(Map.of("pk", AttributeValue.fromS("session:bad"), "sk", AttributeValue.fromS("r")))
                .updateExpression("SET v = :s")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("text"))));
        Page page = store.list(ListQuery.of(RecordKind.SESSION, "", 10));
        assertEquals(
                List.of("good"),
                page.records().stream().map(st -> st.key().id()).toList());
        assertEquals(1, page.unreadable().size());
        assertThrows(dev.stepwise.store.CorruptRecordException.class, () -> store.read(StoreKey.session("bad")));
        assertTrue(store.read(StoreKey.session("good")).isPresent());
    }

    @Test
    void aBackendLostWhileItemsAreStagedLeavesNothingVisible() {
        StoreKey key = StoreKey.session("s");
        long v = version(store.write(write(key, "a", Expect.absent(), items(1, 1))));
        AtomicBoolean armed = new AtomicBoolean();
        ExecutionInterceptor cutAfterFirstBatch = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof BatchWriteItemRequest && armed.compareAndSet(true, false)) {
                    fixture.stopServer();
                }
            }
        };
        DynamoDbStore victim = DynamoDbStore.builder(fixture.client(cutAfterFirstBatch))
                .table(fixture.table())
                .clock(clock)
                .build();
        assertEquals(v, victim.read(key).orElseThrow().version());
        armed.set(true);
        assertThrows(
                StoreUnavailableException.class, () -> victim.write(write(key, "b", Expect.version(v), items(2, 150))));
        assertFalse(armed.get(), "some items were staged before the backend went away");
        fixture.startServer();
        // Both clients' pooled connections were cut: like any caller, retry what is retryable.
        assertEquals(v, retryingUnavailable(() -> store.read(key)).orElseThrow().version(), "the record is unchanged");
        assertEquals(26, itemRows(), "one item plus the first staged batch");
        assertEquals(List.of(1L), seqs(key), "the staged items are invisible");
        assertInstanceOf(
                WriteResult.Written.class,
                retryingUnavailable(() -> victim.write(write(key, "c", Expect.version(v), items(2, 3)))));
        assertEquals(List.of(1L, 2L, 3L), seqs(key));
        assertEquals(
                "item 2",
                new String(store.readItems(key, ItemWindow.after(1, 1)).get(0).payload(), UTF_8));
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
    void withoutTableCreationAMissingTableIsNamed() {
        DynamoDbStore unprepared = DynamoDbStore.builder(fixture.client())
                .table(fixture.table() + "_missing")
                .createTable(false)
                .build();
        StoreException e = assertThrows(StoreException.class, () -> unprepared.read(StoreKey.session("x")));
        assertTrue(e.getMessage().contains(fixture.table() + "_missing"), e.getMessage());
        store.read(StoreKey.session("x"));
        assertTrue(fixture.builder()
                .createTable(false)
                .build()
                .read(StoreKey.session("x"))
                .isEmpty());
    }
}
