package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Write;
import dev.stepwise.store.tck.MutableClock;
import dev.stepwise.store.tck.Services;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link RedisStoreBehaviourTest} on the 3-master cluster of {@link LocalCluster}. */
class RedisClusterBehaviourTest extends RedisStoreBehaviourTest {

    @Override
    RedisFixture createFixture(MutableClock clock) {
        Services.assume("Redis Cluster", LocalCluster.available(), "redis-server and redis-cli are not on the PATH");
        return new RedisFixture(LocalCluster.get().seeds(), true, clock);
    }

    @Test
    void recordsSpreadOverEveryMasterAndOneListingSpansThemAll() {
        List<String> ids = IntStream.range(0, 100)
                .mapToObj(i -> String.format("spread-%03d", i))
                .toList();
        for (String id : ids) {
            version(store.write(Write.of(StoreKey.session(id), bytes(id), Expect.absent(), TTL)));
        }
        for (String node : fixture.uris()) {
            assertTrue(
                    Namespaces.keys(List.of(node), false, fixture.prefix()).size() > 0,
                    "master " + node + " holds some of the records");
        }
        assertEquals(ids, ids(store.list(ListQuery.of(RecordKind.SESSION, "spread-", 1000))));
    }
}
