package dev.stepwise.store.tck;

import static dev.stepwise.store.tck.Checks.written;
import static dev.stepwise.store.tck.Samples.LONG_TTL;
import static dev.stepwise.store.tck.Samples.create;
import static dev.stepwise.store.tck.Samples.sessionKey;
import static dev.stepwise.store.tck.Samples.text;
import static dev.stepwise.store.tck.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Races between independent clients of one backend ({@link StoreFixture#newClient()}), with
 * several threads per client, all released together: compare-and-set holds across clients, no
 * update is lost, and deletes racing writes leave a consistent record and log.
 */
public interface RaceContract extends StoreContract {

    /** Independent clients per race. */
    int CLIENTS = 4;
    /** Threads per race, spread over the clients. */
    int THREADS = 8;

    private List<VersionedStore> clients() {
        List<VersionedStore> clients = new ArrayList<>();
        clients.add(store());
        while (clients.size() < CLIENTS) {
            clients.add(fixture().newClient());
        }
        return clients;
    }

    @Test
    default void exactlyOneOfManyConcurrentCreatesWins() {
        List<VersionedStore> clients = clients();
        StoreKey key = sessionKey("race");

        List<WriteResult> results = Race.run(THREADS, i -> clients.get(i % CLIENTS)
                .write(new Write(
                        key,
                        utf8("client-" + i),
                        Expect.absent(),
                        LONG_TTL,
                        RecordAttributes.NONE,
                        List.of(new Item(1, "user", Samples.now(), utf8("item-of-" + i))))));

        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            if (results.get(i) instanceof WriteResult.Written) {
                winners.add(i);
            }
        }
        assertEquals(1, winners.size(), "creates that won: " + winners + " of " + results);
        int winner = winners.get(0);
        long version = ((WriteResult.Written) results.get(winner)).version();
        for (int i = 0; i < THREADS; i++) {
            if (i != winner) {
                Stored current = Checks.conflict(results.get(i), "losing create " + i)
                        .orElseThrow(() -> new AssertionError("a losing create's conflict carried no record"));
                assertArrayEquals(
                        utf8("client-" + winner), current.value(), "a loser saw a value other than the winner's");
                assertEquals(version, current.version(), "a loser saw a version other than the winner's");
            }
        }
        for (VersionedStore client : clients) {
            Checks.assertRecord(client.read(key), utf8("client-" + winner), version, "the record seen by every client");
        }
        List<Item> log = store().readItems(key, ItemWindow.after(0, 100));
        assertEquals(1, log.size(), "only the winner's item may be appended: " + log);
        assertArrayEquals(utf8("item-of-" + winner), log.get(0).payload());
    }

    @Test
    default void concurrentIncrementsLoseNoUpdate() {
        List<VersionedStore> clients = clients();
        StoreKey key = sessionKey("counter");
        int perThread = 25;
        int threads = 4;
        written(store().write(create(key, utf8("0"))), "create the counter");
        AtomicInteger successes = new AtomicInteger();

        Race.run(threads, t -> {
            VersionedStore client = clients.get(t % CLIENTS);
            Stored current = client.read(key).orElseThrow();
            int done = 0;
            for (int attempt = 0; done < perThread; attempt++) {
                if (attempt > 100_000) {
                    fail("thread " + t + " made no progress: " + done + " increments after " + attempt + " attempts");
                }
                long n = Long.parseLong(text(current.value()));
                byte[] next = utf8(Long.toString(n + 1));
                WriteResult result = client.write(new Write(
                        key,
                        next,
                        Expect.version(current.version()),
                        LONG_TTL,
                        RecordAttributes.NONE,
                        List.of(new Item(n + 1, "inc", Samples.now(), utf8(t + ":" + n)))));
                if (result instanceof WriteResult.Written w) {
                    done++;
                    successes.incrementAndGet();
                    current = new Stored(
                            key, next, w.version(), RecordAttributes.NONE, current.updatedAt(), w.expiresAt());
                } else {
                    current = ((WriteResult.Conflict) result)
                            .current()
                            .orElseThrow(() -> new AssertionError("a conflict on a live record carried no record"));
                }
            }
            return done;
        });

        int total = threads * perThread;
        assertEquals(total, successes.get(), "successful increments");
        assertArrayEquals(
                utf8(Integer.toString(total)), store().read(key).orElseThrow().value(), "the counter lost updates");
        List<Item> log = store().readItems(key, ItemWindow.after(0, 1000));
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= total; seq++) {
            expected.add(seq);
        }
        assertEquals(expected, Checks.seqs(log), "each successful increment appends exactly its own item");
        Set<String> payloads = new HashSet<>();
        log.forEach(item -> payloads.add(text(item.payload())));
        assertEquals(total, payloads.size(), "an item was appended by a write that did not win");
    }

    @Test
    default void concurrentDeletesAtOneVersionHaveOneWinner() {
        List<VersionedStore> clients = clients();
        StoreKey key = sessionKey("race-delete");
        long version = written(store().write(create(key, utf8("x"))), "create").version();

        List<DeleteResult> results =
                Race.run(THREADS, i -> clients.get(i % CLIENTS).delete(key, Expect.version(version)));

        int winners = 0;
        for (DeleteResult result : results) {
            if (result instanceof DeleteResult.Deleted deleted) {
                assertTrue(deleted.existed(), "a delete at a version reported that nothing existed");
                winners++;
            } else {
                assertTrue(
                        ((DeleteResult.Conflict) result).current().isEmpty(),
                        "a losing delete's conflict must carry no record: " + result);
            }
        }
        assertEquals(1, winners, "deletes that won: " + results);
        assertTrue(store().read(key).isEmpty());
    }

    @Test
    default void racingCreatesDeletesAndUpdatesLeaveAConsistentRecord() {
        List<VersionedStore> clients = clients();
        StoreKey key = sessionKey("race-mixed");
        int rounds = 30;
        AtomicInteger creates = new AtomicInteger();
        AtomicInteger removals = new AtomicInteger();

        Race.run(6, t -> {
            VersionedStore client = clients.get(t % CLIENTS);
            for (int round = 0; round < rounds; round++) {
                switch (t % 3) {
                    case 0 -> {
                        String token = "c" + t + "-" + round;
                        WriteResult result = client.write(new Write(
                                key,
                                utf8(token),
                                Expect.absent(),
                                LONG_TTL,
                                RecordAttributes.NONE,
                                List.of(new Item(1, "created", Samples.now(), utf8(token)))));
                        if (result instanceof WriteResult.Written) {
                            creates.incrementAndGet();
                        }
                    }
                    case 1 -> {
                        DeleteResult result;
                        if (round % 2 == 0) {
                            result = client.delete(key, Expect.any());
                        } else {
                            Optional<Stored> current = client.read(key);
                            if (current.isEmpty()) {
                                continue;
                            }
                            result = client.delete(
                                    key, Expect.version(current.get().version()));
                        }
                        if (result instanceof DeleteResult.Deleted deleted && deleted.existed()) {
                            removals.incrementAndGet();
                        }
                    }
                    default -> {
                        Optional<Stored> current = client.read(key);
                        if (current.isPresent()) {
                            client.write(Write.of(
                                    key,
                                    utf8(text(current.get().value()) + "+u"),
                                    Expect.version(current.get().version()),
                                    LONG_TTL));
                        }
                    }
                }
            }
            return null;
        });

        Optional<Stored> last = store().read(key);
        assertTrue(creates.get() > 0, "no create ever won");
        assertEquals(
                creates.get(),
                removals.get() + (last.isPresent() ? 1 : 0),
                "every successful create is matched by exactly one delete that removed a record, or survives");
        List<Item> log = store().readItems(key, ItemWindow.after(0, 100));
        if (last.isEmpty()) {
            assertTrue(log.isEmpty(), "the record is gone but its log is not: " + log);
        } else {
            assertEquals(1, log.size(), "the surviving record's log holds items of deleted records: " + log);
            String token = text(log.get(0).payload());
            String value = text(last.get().value());
            assertTrue(
                    value.equals(token) || value.startsWith(token + "+u"),
                    "the surviving record '" + value + "' does not descend from its creation '" + token + "'");
        }
    }
}
