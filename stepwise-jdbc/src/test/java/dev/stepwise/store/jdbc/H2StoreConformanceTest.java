package dev.stepwise.store.jdbc;

import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.VersionedStoreConformance;

/** The conformance kit on H2, each client with its own connection pool. */
class H2StoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() {
        return new JdbcFixture(TestDatabase.H2);
    }
}
