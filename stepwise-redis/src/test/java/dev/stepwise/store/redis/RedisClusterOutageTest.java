package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.tck.Poll;
import dev.stepwise.store.tck.Services;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A master of a private 3-master cluster is paused (SIGSTOP) mid-flow: calls on its slots (and a
 * listing, which spans every master) fail with a retryable error, the other masters keep serving,
 * and once it resumes the same store instance carries on.
 */
class RedisClusterOutageTest {

    private static final Duration TTL = Duration.ofHours(1);

    @Test
    void aStoppedMasterIsRetryableAndTheStoreCarriesOnWhenItResumes() throws Exception {
        Services.assume("Redis Cluster", LocalCluster.available(), "redis-server and redis-cli are not on the PATH");
        LocalCluster cluster = LocalCluster.get();
        String prefix = Namespaces.uniquePrefix();
        RedisServerProcess stopped = cluster.node(0);
        try (RedisStore store = RedisStore.cluster(cluster.seeds())
                .keyPrefix(prefix)
                .commandTimeout(Duration.ofMillis(500))
                .build()) {
            StoreKey onStopped = keyServedBy(prefix, cluster, 0);
            StoreKey elsewhere = keyServedBy(prefix, cluster, 1);
            long v1 = version(store.write(Write.of(onStopped, bytes("turn 1"), Expect.absent(), TTL)));
            version(store.write(Write.of(elsewhere, bytes("other"), Expect.absent(), TTL)));

            stopped.signal("STOP");
            try {
                StoreUnavailableException e = assertThrows(
                        StoreUnavailableException.class,
                        () -> store.write(Write.of(onStopped, bytes("turn 2"), Expect.version(v1), TTL)));
                assertTrue(e.retryable());
                assertThrows(
                        StoreUnavailableException.class, () -> store.list(ListQuery.of(RecordKind.SESSION, "", 10)));
                assertEquals(
                        "other",
                        new String(store.read(elsewhere).orElseThrow().value(), StandardCharsets.UTF_8),
                        "the other masters keep serving");
            } finally {
                stopped.signal("CONT");
            }

            Stored[] after = new Stored[1];
            Poll.until("the stopped master serves again", Duration.ofSeconds(30), () -> {
                try {
                    after[0] = store.read(onStopped).orElseThrow();
                    return true;
                } catch (StoreUnavailableException e) {
                    return false;
                }
            });
            long next =
                    version(store.write(Write.of(onStopped, bytes("turn 3"), Expect.version(after[0].version()), TTL)));
            assertEquals(after[0].version() + 1, next);
            assertArrayEquals(
                    bytes("turn 3"), store.read(onStopped).orElseThrow().value());
            assertEquals(
                    2,
                    store.list(ListQuery.of(RecordKind.SESSION, "", 10))
                            .records()
                            .size());
        } finally {
            stopped.signal("CONT");
            Namespaces.drop(cluster.seeds(), true, prefix);
        }
    }

    /** A session key whose slot the given node serves. */
    private static StoreKey keyServedBy(String prefix, LocalCluster cluster, int node) {
        KeyLayout layout = new KeyLayout(prefix);
        for (int i = 0; ; i++) {
            StoreKey key = StoreKey.session("turn-" + i);
            if (cluster.nodeForSlot(SlotHash.getSlot(layout.keys(key).record())) == node) {
                return key;
            }
        }
    }

    private static long version(dev.stepwise.store.WriteResult result) {
        return RedisStoreBehaviourTest.version(result);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
