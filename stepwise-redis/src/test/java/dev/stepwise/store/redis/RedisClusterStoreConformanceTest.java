package dev.stepwise.store.redis;

import dev.stepwise.store.tck.Services;
import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.VersionedStoreConformance;

/**
 * The conformance kit against a 3-master Redis Cluster this JVM starts from the installed
 * {@code redis-server} on free loopback ports (shared by the cluster test classes, stopped at exit).
 */
class RedisClusterStoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() {
        Services.assume("Redis Cluster", LocalCluster.available(), "redis-server and redis-cli are not on the PATH");
        return RedisFixture.cluster();
    }
}
