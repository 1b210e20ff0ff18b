package dev.stepwise.store.tck;

import static dev.stepwise.store.tck.Checks.written;
import static dev.stepwise.store.tck.Samples.LONG_TTL;
import static dev.stepwise.store.tck.Samples.create;
import static dev.stepwise.store.tck.Samples.id;
import static dev.stepwise.store.tck.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Cursors;
import dev.stepwise.store.Expect;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Keyset listing: ascending id order, prefix and attribute filters applied in the query (pages are
 * never short while more records match), a cursor walk that visits each record once even while
 * other clients write, expired records never listed, kinds kept apart.
 */
public interface ListingContract extends StoreContract {

    /** Ids {@code prefix + "000"} .. {@code prefix + (n-1)}, zero padded so that id order is index order. */
    private static List<String> numberedIds(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + String.format("%03d", i));
        }
        return ids;
    }

    private static Set<String> idSet(List<Stored> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(s -> ids.add(s.key().id()));
        return ids;
    }

    /**
     * Walks {@code query} and checks that it returns exactly {@code expected} (in id order) in full
     * pages, with only the last one short.
     */
    private void assertFullPages(ListQuery query, List<String> expected, String what) {
        List<Page> pages = Walk.pages(store(), query);
        List<Integer> sizes = new ArrayList<>();
        for (int left = expected.size(); left > 0 || sizes.isEmpty(); left -= query.limit()) {
            sizes.add(Math.min(left, query.limit()));
        }
        assertEquals(expected, Walk.ids(pages), what + ": ids listed");
        assertEquals(sizes, Walk.sizes(pages), what + ": page sizes (pages may only be short at the end)");
    }

    @Test
    default void recordsAreListedInAscendingIdOrder() {
        String prefix = id("list") + "/";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(prefix + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "-" + i);
        }
        ids.add(prefix + "A");
        ids.add(prefix + "Z");
        ids.add(prefix + "a");
        ids.add(prefix + "-");
        ids.add(prefix + "~");
        for (String id : ids) {
            written(store().write(create(StoreKey.session(id), utf8(id))), "create " + id);
        }
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);

        Page page = store().list(ListQuery.of(RecordKind.SESSION, prefix, 1000));

        assertEquals(sorted, page.records().stream().map(s -> s.key().id()).toList(), "listing order");
        assertNull(page.nextCursor(), "a page holding every match must be the last");
        for (Stored stored : page.records()) {
            assertArrayEquals(utf8(stored.key().id()), stored.value(), "listed value of " + stored.key());
            assertEquals(RecordKind.SESSION, stored.key().kind());
        }
    }

    @Test
    default void aPrefixSelectsExactlyTheIdsStartingWithIt() {
        String base = id("list");
        List<String> inside = List.of(base + "/a-1", base + "/a-2", base + "/a-");
        List<String> outside =
                List.of(base + "/a", base + "/ab-1", base + "/b-1", base + "/A-1", base + "-a-1", base + "/a_1", base);
        for (String id : inside) {
            store().write(create(StoreKey.session(id), utf8(id)));
        }
        for (String id : outside) {
            store().write(create(StoreKey.session(id), utf8(id)));
        }
        List<String> expected = new ArrayList<>(inside);
        Collections.sort(expected);

        assertFullPages(ListQuery.of(RecordKind.SESSION, base + "/a-", 2), expected, "prefix " + base + "/a-");
        assertEquals(
                inside.size() + outside.size(),
                Walk.allIds(store(), ListQuery.of(RecordKind.SESSION, base, 3)).size(),
                "prefix " + base);
        assertTrue(
                store().list(ListQuery.of(RecordKind.SESSION, base + "/c", 10))
                        .records()
                        .isEmpty(),
                "a prefix nothing starts with");
    }

    @Test
    default void patternCharactersInAPrefixMatchThemselvesOnly() {
        String base = id("list") + "/";
        List<String> ids = List.of(
                "50%off",
                "50Xoff", "50%", "a_b", "aXb", "a*b", "a*", "aZZb", "a?b", "a.b", "[ab]", "a", "b", "a\\b", "a\\",
                "a'b", "a\"b", "{x}", "}", "a%", "a%%", "a\\%");
        for (String id : ids) {
            store().write(create(StoreKey.session(base + id), utf8(id)));
        }
        for (String prefix : List.of("50%", "a_", "a*", "a?", "a.", "[", "a\\", "a'", "{", "a%", "%", "_", "*")) {
            List<String> expected = new ArrayList<>();
            for (String id : ids) {
                if (id.startsWith(prefix)) {
                    expected.add(base + id);
                }
            }
            Collections.sort(expected);
            assertEquals(
                    expected,
                    Walk.allIds(store(), ListQuery.of(RecordKind.SESSION, base + prefix, 1000)),
                    "prefix '" + prefix + "' must match literally (LIKE/glob/regex characters escaped)");
        }
    }

    @Test
    default void attributeFiltersNeverLeaveShortPages() {
        String prefix = id("list") + "/";
        String flow = id("flow");
        String user = id("user");
        List<String> ids = numberedIds(prefix, 50);
        for (int i = 0; i < ids.size(); i++) {
            RecordAttributes attributes = new RecordAttributes(
                    i % 2 == 0 ? flow : flow + "-other",
                    i % 2 == 1 ? "active" : "completed",
                    i % 4 < 2 ? user : user + "x");
            written(
                    store().write(new Write(
                            StoreKey.session(ids.get(i)),
                            utf8("v" + i),
                            Expect.absent(),
                            LONG_TTL,
                            attributes,
                            List.of())),
                    "create " + i);
        }
        ListQuery all = ListQuery.of(RecordKind.SESSION, prefix, 10);

        assertFullPages(all.withFlowId(flow), select(ids, i -> i % 2 == 0), "flowId filter");
        assertFullPages(all.withStatus("active"), select(ids, i -> i % 2 == 1), "status filter");
        assertFullPages(all.withUserId(user), select(ids, i -> i % 4 < 2), "userId filter");
        assertFullPages(all.withFlowId(flow).withUserId(user), select(ids, i -> i % 4 == 0), "flowId and userId");
        assertFullPages(all.withFlowId(flow).withStatus("active"), List.of(), "filters nothing matches");
        assertFullPages(
                ListQuery.of(RecordKind.SESSION, prefix, 7).withStatus("completed"),
                select(ids, i -> i % 2 == 0),
                "status filter, limit 7");
        assertFullPages(
                ListQuery.of(RecordKind.SESSION, prefix, 1).withUserId(user).withStatus("active"),
                select(ids, i -> i % 4 == 1),
                "userId and status, limit 1");
        assertFullPages(all, ids, "no filter");
    }

    private static List<String> select(List<String> ids, IntPredicate keep) {
        List<String> selected = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (keep.test(i)) {
                selected.add(ids.get(i));
            }
        }
        return selected;
    }

    @Test
    default void updatedAtFiltersNeverLeaveShortPages() {
        String prefix = id("list") + "/";
        List<String> ids = numberedIds(prefix, 50);
        List<String> early = select(ids, i -> i % 2 == 0);
        for (String id : early) {
            store().write(create(StoreKey.session(id), utf8("early")));
        }
        Instant lastEarly = Instant.MIN;
        for (String id : early) {
            Instant at = store().read(StoreKey.session(id)).orElseThrow().updatedAt();
            lastEarly = at.isAfter(lastEarly) ? at : lastEarly;
        }
        Instant boundary = lastEarly.plusMillis(1);
        Poll.until("the clock to pass " + boundary, () -> Instant.now().isAfter(boundary.plusMillis(5)));
        // every odd record is created after the boundary, and two early records are rewritten after it
        List<String> rewritten = List.of(ids.get(0), ids.get(20));
        List<String> late = select(ids, i -> i % 2 == 1 || i == 0 || i == 20);
        for (String id : late) {
            store().write(Write.of(StoreKey.session(id), utf8("late"), Expect.any(), LONG_TTL));
        }
        List<Stored> records = new ArrayList<>();
        for (String id : ids) {
            Stored stored = store().read(StoreKey.session(id)).orElseThrow();
            records.add(stored);
            assertEquals(
                    late.contains(id),
                    !stored.updatedAt().isBefore(boundary),
                    (rewritten.contains(id) ? "rewritten" : "") + " record " + id + " updated at " + stored.updatedAt()
                            + ": the store's updatedAt does not follow its writes (boundary " + boundary + ")");
        }
        List<String> stillEarly = select(ids, i -> i % 2 == 0 && i != 0 && i != 20);
        ListQuery all = ListQuery.of(RecordKind.SESSION, prefix, 10);

        assertFullPages(all.withUpdatedBetween(null, boundary), stillEarly, "updatedBefore");
        assertFullPages(all.withUpdatedBetween(boundary, null), late, "updatedAfter");
        assertFullPages(
                all.withUpdatedBetween(Instant.EPOCH, Instant.now().plus(Duration.ofDays(1))),
                ids,
                "a window holding every record");
        Instant firstLate = records.stream()
                .filter(s -> late.contains(s.key().id()))
                .map(Stored::updatedAt)
                .min(Instant::compareTo)
                .orElseThrow();
        List<String> atOrAfterFirstLate = matching(records, s -> !s.updatedAt().isBefore(firstLate));
        assertFullPages(all.withUpdatedBetween(firstLate, null), atOrAfterFirstLate, "updatedAfter is inclusive");
        List<String> beforeFirstLate = matching(records, s -> s.updatedAt().isBefore(firstLate));
        assertFullPages(all.withUpdatedBetween(null, firstLate), beforeFirstLate, "updatedBefore is exclusive");
        assertFullPages(all.withUpdatedBetween(boundary, firstLate), List.of(), "an empty window");
    }

    private static List<String> matching(List<Stored> records, Predicate<Stored> keep) {
        return records.stream().filter(keep).map(s -> s.key().id()).sorted().toList();
    }

    @Test
    default void aCursorWalkVisitsEveryRecordOnce() {
        String prefix = id("list") + "/";
        List<String> ids = numberedIds(prefix, 37);
        for (String id : ids) {
            store().write(create(StoreKey.session(id), utf8(id)));
        }

        assertFullPages(ListQuery.of(RecordKind.SESSION, prefix, 5), ids, "walk by 5");
        assertFullPages(ListQuery.of(RecordKind.SESSION, prefix, 37), ids, "one exact page");
        assertFullPages(ListQuery.of(RecordKind.SESSION, prefix, 1), ids, "walk by 1");
    }

    @Test
    default void aCursorResumesAfterItsRecordWasDeleted() {
        String prefix = id("list") + "/";
        List<String> ids = numberedIds(prefix, 12);
        for (String id : ids) {
            store().write(create(StoreKey.session(id), utf8(id)));
        }
        ListQuery query = ListQuery.of(RecordKind.SESSION, prefix, 4);
        Page first = store().list(query);
        assertEquals(
                ids.subList(0, 4),
                first.records().stream().map(s -> s.key().id()).toList());

        store().delete(StoreKey.session(ids.get(3)), Expect.any());
        store().delete(StoreKey.session(ids.get(4)), Expect.any());

        List<String> rest = Walk.allIds(store(), query.after(first));
        assertEquals(ids.subList(5, 12), rest, "the walk after deleting the cursor's record and its successor");
        assertEquals(
                ids.subList(8, 12),
                Walk.allIds(store(), query.withCursor(Cursors.after(ids.get(7)))),
                "a cursor made by Cursors.after");
    }

    @Test
    default void writesByAnotherClientDuringAWalkNeverDuplicateOrSkip() {
        String prefix = id("list") + "/";
        List<String> original = numberedIds(prefix + "m", 40);
        for (String id : original) {
            store().write(create(StoreKey.session(id), utf8(id)));
        }
        VersionedStore other = fixture().newClient();
        List<String> inserted = new ArrayList<>();
        int[] pageNumber = {0};

        List<Page> pages = Walk.pages(store(), ListQuery.of(RecordKind.SESSION, prefix, 7), page -> {
            int n = pageNumber[0]++;
            // ids behind the walk, around its current position, far ahead of it and anywhere
            for (String id : List.of(
                    prefix + "a" + n,
                    prefix + "m" + String.format("%03d", n * 7 + 6) + "x",
                    prefix + "m" + String.format("%03d", n * 7 + 7) + "x",
                    prefix + "z" + n,
                    prefix + id("r"))) {
                other.write(create(StoreKey.session(id), utf8("inserted")));
                inserted.add(id);
            }
            String rewritten = original.get((n * 11) % original.size());
            other.write(Write.of(StoreKey.session(rewritten), utf8("rewritten"), Expect.any(), LONG_TTL));
        });

        List<String> seen = Walk.ids(pages);
        assertEquals(new HashSet<>(seen).size(), seen.size(), "a record was listed twice: " + seen);
        assertTrue(seen.containsAll(original), "records that existed throughout were skipped");
        List<String> sorted = new ArrayList<>(seen);
        Collections.sort(sorted);
        assertEquals(sorted, seen, "a walk is in ascending id order");
        Set<String> everything = new HashSet<>(original);
        everything.addAll(inserted);
        assertTrue(everything.containsAll(seen), "a walk listed a record nobody wrote");
    }

    @Test
    default void writesRacingAWalkNeverDuplicateOrSkip() throws InterruptedException {
        String prefix = id("list") + "/";
        List<String> original = numberedIds(prefix + "m", 60);
        for (String id : original) {
            store().write(create(StoreKey.session(id), utf8(id)));
        }
        VersionedStore other = fixture().newClient();
        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(
                () -> {
                    try {
                        for (int n = 0; walking.get() && n < 2000; n++) {
                            String id = n % 2 == 0 ? prefix + id("r") : original.get(n % original.size()) + "-" + n;
                            other.write(create(StoreKey.session(id), utf8("inserted")));
                            other.write(Write.of(
                                    StoreKey.session(original.get((n * 7) % original.size())),
                                    utf8("rewritten"),
                                    Expect.any(),
                                    LONG_TTL));
                        }
                    } catch (Throwable t) {
                        writerFailure.set(t);
                    }
                },
                "tck-listing-writer");
        writer.setDaemon(true);
        writer.start();
        List<String> seen;
        try {
            seen = Walk.allIds(store(), ListQuery.of(RecordKind.SESSION, prefix, 3));
        } finally {
            walking.set(false);
            writer.join(Duration.ofSeconds(60).toMillis());
        }

        assertNull(writerFailure.get(), "the other client's writes failed: " + writerFailure.get());
        assertEquals(new HashSet<>(seen).size(), seen.size(), "a record was listed twice during concurrent writes");
        assertTrue(seen.containsAll(original), "records that existed throughout were skipped during concurrent writes");
        List<String> sorted = new ArrayList<>(seen);
        Collections.sort(sorted);
        assertEquals(sorted, seen, "a walk is in ascending id order");
    }

    @Test
    default void expiredRecordsAreNeverListed() {
        String prefix = id("list") + "/";
        List<String> ids = numberedIds(prefix, 12);
        List<String> live = new ArrayList<>();
        String lastShort = null;
        for (int i = 0; i < ids.size(); i++) {
            boolean shortLived = i % 3 != 0;
            Duration ttl = shortLived ? Duration.ofSeconds(1) : LONG_TTL;
            written(store().write(Write.of(StoreKey.session(ids.get(i)), utf8("v"), Expect.absent(), ttl)), "create");
            if (shortLived) {
                lastShort = ids.get(i);
            } else {
                live.add(ids.get(i));
            }
        }
        StoreKey polled = StoreKey.session(lastShort);

        Poll.until("the last record with a 1 s TTL to expire", () -> store().read(polled)
                .isEmpty());

        assertFullPages(ListQuery.of(RecordKind.SESSION, prefix, 2), live, "listing around expired records");
        assertFullPages(ListQuery.of(RecordKind.SESSION, prefix, 100), live, "one page around expired records");
    }

    @Test
    default void kindsAreSeparateNamespaces() {
        String id = id("list");
        for (RecordKind kind : RecordKind.values()) {
            written(store().write(create(new StoreKey(kind, id), utf8(kind.label()))), "create " + kind);
        }

        for (RecordKind kind : RecordKind.values()) {
            assertArrayEquals(
                    utf8(kind.label()),
                    store().read(new StoreKey(kind, id)).orElseThrow().value(),
                    "value of the " + kind + " record");
            List<Stored> listed = store().list(ListQuery.of(kind, id, 10)).records();
            assertEquals(1, listed.size(), "records listed as " + kind + ": " + listed);
            assertEquals(new StoreKey(kind, id), listed.get(0).key());
            assertArrayEquals(utf8(kind.label()), listed.get(0).value());
        }
        store().delete(StoreKey.session(id), Expect.any());
        assertTrue(store().read(StoreKey.session(id)).isEmpty());
        assertArrayEquals(
                utf8("user"),
                store().read(StoreKey.user(id)).orElseThrow().value(),
                "deleting a session deleted the user record of the same id");
        assertEquals(
                Set.of(id),
                idSet(store().list(ListQuery.of(RecordKind.RESOURCE, id, 10)).records()));
    }

    @Test
    default void anInvalidCursorIsRefused() {
        ListQuery query = ListQuery.of(RecordKind.SESSION, "", 10);

        assertThrows(IllegalArgumentException.class, () -> store().list(query.withCursor("not a cursor!")));
    }

    @Test
    default void anEmptyListingHasNoCursor() {
        Page page = store().list(ListQuery.of(RecordKind.SESSION, id("nothing"), 10));

        assertTrue(page.records().isEmpty());
        assertFalse(page.hasMore());
    }
}
