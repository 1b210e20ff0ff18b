package dev.stepwise.store.mongodb;

import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.VersionedStoreConformance;

/** The whole conformance kit against mongo-java-server with two independent driver clients. */
class MongoStoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() {
        return new MongoFixture();
    }
}
