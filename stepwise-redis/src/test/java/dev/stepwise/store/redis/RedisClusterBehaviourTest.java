package dev.stepwise.store.redis;

import dev.stepwise.store.tck.Services;

/** {@link RedisStoreBehaviourTest} on the 3-master cluster of {@link LocalCluster}. */
class RedisClusterBehaviourTest extends RedisStoreBehaviourTest {

    @Override
    RedisFixture createFixture(MutableClock clock) {
        Services.assume("Redis Cluster", LocalCluster.available(), "redis-server and redis-cli are not on the PATH");
        return new RedisFixture(LocalCluster.get().seeds(), true, clock);
    }
}
