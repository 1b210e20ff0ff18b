package dev.stepwise.store.tck;

import static dev.stepwise.store.tck.Checks.assertItems;
import static dev.stepwise.store.tck.Checks.conflict;
import static dev.stepwise.store.tck.Checks.deleteConflict;
import static dev.stepwise.store.tck.Checks.deleted;
import static dev.stepwise.store.tck.Checks.written;
import static dev.stepwise.store.tck.Samples.LONG_TTL;
import static dev.stepwise.store.tck.Samples.id;
import static dev.stepwise.store.tck.Samples.items;
import static dev.stepwise.store.tck.Samples.sessionKey;
import static dev.stepwise.store.tck.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Expiry: a record is visible until its TTL passes and invisible to every read, listing and
 * condition from then on, whether or not the backend has removed it yet; every write sets a new
 * expiry (sliding); a record created again after expiry starts afresh.
 *
 * <p>The tests wait for real time to pass (a TTL of one or two seconds, polled with a deadline), so
 * they take a few seconds. Visibility right after a write is only asserted when the machine was
 * quick enough for the assertion to be meaningful.
 */
public interface ExpiryContract extends StoreContract {

    Duration SHORT_TTL = Duration.ofSeconds(1);
    /** Slack for clocks and stores that keep instants to the second. */
    Duration CLOCK_SLACK = Duration.ofSeconds(2);

    private static Write shortLived(StoreKey key, String value, List<Item> items) {
        return new Write(key, utf8(value), Expect.absent(), SHORT_TTL, RecordAttributes.NONE, items);
    }

    @Test
    default void anExpiredRecordIsInvisibleToReadsListingsAndConditions() {
        String prefix = id("exp") + "/";
        // Each of these is touched only once after expiry, so no read can have removed it before.
        List<String> names =
                List.of("listed", "created-again", "versioned", "deleted-any", "deleted-version", "polled");
        Map<String, Long> versions = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (String name : names) {
            List<Item> log = name.equals("polled") ? items(1, 3) : List.of();
            versions.put(
                    name,
                    written(store().write(shortLived(StoreKey.session(prefix + name), name, log)), "create " + name)
                            .version());
        }
        StoreKey polled = StoreKey.session(prefix + "polled");
        boolean readVisible = store().read(polled).isPresent();
        int listedCount = store().list(ListQuery.of(RecordKind.SESSION, prefix, 100))
                .records()
                .size();
        if (System.nanoTime() - start < Duration.ofMillis(500).toNanos()) {
            assertTrue(readVisible, "a record with a 1 s TTL was invisible right after it was written");
            assertEquals(names.size(), listedCount, "records with a 1 s TTL were not listed right after writing");
        }

        Poll.until(
                "a record with a 1 s TTL to expire", () -> store().read(polled).isEmpty());

        assertTrue(store().readItems(polled, ItemWindow.after(0, 10)).isEmpty(), "items of an expired record");
        assertTrue(
                store().list(ListQuery.of(RecordKind.SESSION, prefix, 100))
                        .records()
                        .isEmpty(),
                "expired records are listed");
        assertFalse(
                deleted(
                        store().delete(StoreKey.session(prefix + "deleted-any"), Expect.any()),
                        "delete any of an expired record"),
                "an expired record counts as absent for delete");
        assertTrue(deleteConflict(
                        store().delete(
                                        StoreKey.session(prefix + "deleted-version"),
                                        Expect.version(versions.get("deleted-version"))),
                        "delete at the version of an expired record")
                .isEmpty());
        long recreated = written(
                        store().write(Samples.create(StoreKey.session(prefix + "created-again"), utf8("again"))),
                        "create over an expired record")
                .version();
        assertNotEquals(
                versions.get("created-again"), recreated, "a record created after expiry reused the old version");
        assertTrue(
                conflict(
                                store().write(Samples.put(
                                        StoreKey.session(prefix + "versioned"),
                                        utf8("stale"),
                                        Expect.version(versions.get("versioned")))),
                                "write at the version of an expired record")
                        .isEmpty(),
                "the conflict must carry no record: the expired one is not live");
        assertEquals(
                List.of(prefix + "created-again"),
                Walk.allIds(store(), ListQuery.of(RecordKind.SESSION, prefix, 100)),
                "what remains listed");
    }

    @Test
    default void expiresAtIsNowPlusTheTtl() {
        StoreKey key = sessionKey("exp");
        Duration ttl = Duration.ofMinutes(10);
        Instant before = Instant.now();
        WriteResult.Written created = written(store().write(Write.of(key, utf8("x"), Expect.absent(), ttl)), "create");
        Instant after = Instant.now();

        assertWithin(created.expiresAt(), before.plus(ttl), after.plus(ttl), "the expiry the create returned");
        Stored stored = store().read(key).orElseThrow();
        assertWithin(stored.expiresAt(), before.plus(ttl), after.plus(ttl), "the expiry read back");
        assertWithin(stored.updatedAt(), before, after, "updatedAt read back");

        Duration longer = Duration.ofHours(2);
        Instant beforeUpdate = Instant.now();
        WriteResult.Written updated =
                written(store().write(Write.of(key, utf8("y"), Expect.version(created.version()), longer)), "update");
        Instant afterUpdate = Instant.now();
        assertWithin(updated.expiresAt(), beforeUpdate.plus(longer), afterUpdate.plus(longer), "the updated expiry");
        assertWithin(
                store().read(key).orElseThrow().expiresAt(),
                beforeUpdate.plus(longer),
                afterUpdate.plus(longer),
                "the updated expiry read back");
    }

    @Test
    default void aRewriteBeforeExpiryKeepsTheRecordAlive() {
        Duration firstTtl = Duration.ofSeconds(2);
        StoreKey kept = sessionKey("exp-kept");
        StoreKey sentinel = sessionKey("exp-sentinel");
        long start = System.nanoTime();
        long v1 = written(store().write(Write.of(kept, utf8("first"), Expect.absent(), firstTtl)), "create")
                .version();
        WriteResult rewrite = store().write(Write.of(kept, utf8("second"), Expect.version(v1), LONG_TTL));
        Assumptions.assumeTrue(
                rewrite instanceof WriteResult.Written
                        || System.nanoTime() - start < Duration.ofMillis(1500).toNanos(),
                "machine too slow: the 2 s TTL passed before the rewrite");
        written(rewrite, "rewrite with a long TTL");
        written(store().write(Write.of(sentinel, utf8("s"), Expect.absent(), firstTtl)), "create the sentinel");

        Poll.until(
                "the sentinel, written after the first write with the same TTL, to expire",
                () -> store().read(sentinel).isEmpty());

        Stored stored = store().read(kept)
                .orElseThrow(() -> new AssertionError(
                        "a record rewritten with a long TTL expired at its first TTL: expiry does not slide"));
        assertArrayEquals(utf8("second"), stored.value());
        assertTrue(
                stored.expiresAt().isAfter(Instant.now().plus(LONG_TTL).minus(Duration.ofMinutes(5))),
                "the expiry read back is not the rewrite's: " + stored.expiresAt());
    }

    @Test
    default void aRecordCreatedAgainAfterExpiryHasNoneOfTheOldItems() {
        StoreKey key = sessionKey("exp-items");
        long old = written(store().write(shortLived(key, "old", items(1, 3))), "create")
                .version();
        Poll.until("a record with a 1 s TTL to expire", () -> store().read(key).isEmpty());

        List<Item> fresh = items(1, 1);
        long recreated = written(
                        store().write(new Write(
                                key, utf8("new"), Expect.absent(), LONG_TTL, RecordAttributes.NONE, fresh)),
                        "create again after expiry")
                .version();

        assertNotEquals(old, recreated, "a record created after expiry reused the old version");
        assertItems(fresh, store().readItems(key, ItemWindow.after(0, 100)), "the log of the record created again");
        assertItems(
                fresh, store().readItems(key, ItemWindow.last(100)), "the newest items of the record created again");
    }

    private static void assertWithin(Instant actual, Instant earliest, Instant latest, String what) {
        assertTrue(
                !actual.isBefore(earliest.minus(CLOCK_SLACK)) && !actual.isAfter(latest.plus(CLOCK_SLACK)),
                what + " is " + actual + ", expected between " + earliest + " and " + latest);
    }
}
