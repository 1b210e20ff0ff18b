package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.tck.Poll;
import dev.stepwise.store.tck.Services;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Redis paused or killed in the middle of a flow of turns, on a private {@code redis-server}
 * process (so the shared server is never disturbed): the store answers with a retryable
 * {@link StoreUnavailableException}, nothing is half-applied, and the same store instance carries
 * the flow on once Redis is back. Also counts the commands a read and a write send.
 */
class RedisOutageTest {

    private static final Duration TTL = Duration.ofHours(1);

    private RedisServerProcess server;
    private RedisStore store;

    @BeforeEach
    void start() {
        Services.assume("Redis", RedisServerProcess.binary() != null, "redis-server is not on the PATH");
        server = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always");
        store = RedisStore.builder(server.uri())
                .keyPrefix("outage:")
                .commandTimeout(Duration.ofMillis(300))
                .build();
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPausedRedisGivesARetryableErrorAndTheTurnIsAppliedWhollyOrNotAtAll() {
        StoreKey key = StoreKey.session("paused");
        long v1 = turn(key, Expect.absent(), "turn 1", 1);
        admin(redis -> redis.clientPause(3000));

        StoreUnavailableException timeout =
                assertThrows(StoreUnavailableException.class, () -> turn(key, Expect.version(v1), "turn 2", 2));
        assertTrue(timeout.retryable());
        assertUnavailable(() -> store.read(key));

        Stored after = awaitRecovery(key);
        List<Long> seqs = store.readItems(key, ItemWindow.after(0, 10)).stream()
                .map(Item::seq)
                .toList();
        if (after.version() == v1) {
            assertArrayEquals(bytes("turn 1"), after.value());
            assertEquals(List.of(1L), seqs, "the timed-out turn left no item behind");
        } else {
            assertEquals(v1 + 1, after.version(), "the timed-out turn ran later, entirely");
            assertArrayEquals(bytes("turn 2"), after.value());
            assertEquals(List.of(1L, 2L), seqs);
        }
        long next = turn(key, Expect.version(after.version()), "turn 3", seqs.size() + 1);
        assertEquals(after.version() + 1, next, "the flow carries on with the same store instance");
    }

    @Test
    void aKilledRedisGivesRetryableErrorsAndTheSameStoreReconnectsByItself() {
        StoreKey key = StoreKey.session("killed");
        long v1 = turn(key, Expect.absent(), "turn 1", 1);
        server.kill();

        assertUnavailable(() -> turn(key, Expect.version(v1), "turn 2", 2));
        assertUnavailable(() -> store.read(key));
        assertUnavailable(() -> store.readAll(List.of(key, StoreKey.user("u"))));
        assertUnavailable(() -> store.list(ListQuery.of(RecordKind.SESSION, "", 10)));
        assertUnavailable(() -> store.readItems(key, ItemWindow.last(5)));
        assertUnavailable(() -> store.trimItems(key, 1));
        assertUnavailable(() -> store.delete(key, Expect.any()));

        server.launch();
        Stored after = awaitRecovery(key);
        assertEquals(v1, after.version(), "the refused turn changed nothing");
        assertArrayEquals(bytes("turn 1"), after.value());
        long v2 = turn(key, Expect.version(v1), "turn 2", 2);
        assertEquals(v1 + 1, v2);
        assertEquals(
                List.of(1L, 2L),
                store.readItems(key, ItemWindow.after(0, 10)).stream()
                        .map(Item::seq)
                        .toList());
    }

    @Test
    void aReadIsOneCommandAndATurnsWriteIsOneScript() {
        StoreKey key = StoreKey.session("counted");
        long v1 = turn(key, Expect.absent(), "warm-up: loads the script", 1);
        admin(redis -> redis.configResetstat());

        Optional<Stored> read = store.read(key);
        long v2 = turn(key, Expect.version(v1), "counted turn", 2);
        Map<String, Long> calls = commandCalls();

        assertTrue(read.isPresent());
        assertEquals(v1 + 1, v2);
        assertEquals(
                Map.of("hgetall", 1L, "evalsha", 1L),
                calls,
                "one HGETALL to load, one EVALSHA to save record, expiry, index and items");

        admin(redis -> redis.configResetstat());
        store.readAll(List.of(key, StoreKey.session("a"), StoreKey.session("b")));
        assertEquals(Map.of("hgetall", 3L), commandCalls(), "readAll pipelines one HGETALL per key");
    }

    // --- helpers

    private long turn(StoreKey key, Expect expect, String value, long seq) {
        Item item = new Item(seq, "user", Instant.now(), bytes(value));
        return RedisStoreBehaviourTest.version(store.write(new Write(
                key, bytes(value), expect, TTL, new RecordAttributes("flow", "active", null), List.of(item))));
    }

    private Stored awaitRecovery(StoreKey key) {
        Stored[] found = new Stored[1];
        Poll.until("the store reads again after Redis is back", Duration.ofSeconds(20), () -> {
            try {
                found[0] = store.read(key).orElseThrow();
                return true;
            } catch (StoreUnavailableException e) {
                return false;
            }
        });
        return found[0];
    }

    private static void assertUnavailable(Executable call) {
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, call);
        assertTrue(e.retryable());
    }

    private void admin(Consumer<io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String>> action) {
        Namespaces.withCommands(List.of(server.uri()), false, action);
    }

    /**
     * Commands the store sends itself. Commandstats also counts what runs inside a script (HSET,
     * ZADD...), which costs no round trip, so only these are counted.
     */
    private static final List<String> TOP_LEVEL =
            List.of("eval", "evalsha", "hgetall", "zremrangebyscore", "script|load");

    private Map<String, Long> commandCalls() {
        List<String> info = new ArrayList<>();
        admin(redis -> info.add(redis.info("commandstats")));
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info.get(0).split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                long count = Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
                if (TOP_LEVEL.contains(name)) {
                    calls.put(name, count);
                }
            }
        }
        return calls;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
