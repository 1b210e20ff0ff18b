package dev.stepwise.store.dynamodb;

import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.VersionedStoreConformance;

/** The whole conformance kit against DynamoDBLocal with two independent SDK v2 clients. */
class DynamoDbStoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() {
        return new DynamoDbFixture();
    }
}
