package dev.stepwise.store.jdbc;

/** The JDBC store's own behaviour on Postgres. */
class PostgresStoreTest extends StoreBehaviour {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
