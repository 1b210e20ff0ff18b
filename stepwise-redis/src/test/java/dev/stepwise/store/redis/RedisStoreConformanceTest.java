package dev.stepwise.store.redis;

import dev.stepwise.store.tck.Services;
import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.VersionedStoreConformance;

/** The conformance kit against the Redis server on 127.0.0.1:6379, a unique key prefix per test. */
class RedisStoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() {
        Services.assumeListening("Redis", "127.0.0.1", 6379);
        return RedisFixture.standalone();
    }
}
