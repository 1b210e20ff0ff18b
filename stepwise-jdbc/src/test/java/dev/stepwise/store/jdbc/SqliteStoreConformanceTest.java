package dev.stepwise.store.jdbc;

import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.VersionedStoreConformance;

/** The conformance kit on Sqlite, each client with its own connection pool. */
class SqliteStoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() {
        return new JdbcFixture(TestDatabase.SQLITE);
    }
}
