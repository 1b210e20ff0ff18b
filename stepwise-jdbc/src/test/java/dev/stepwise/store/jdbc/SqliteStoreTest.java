package dev.stepwise.store.jdbc;

/** The JDBC store's own behaviour on Sqlite. */
class SqliteStoreTest extends StoreBehaviour {

    @Override
    TestDatabase database() {
        return TestDatabase.SQLITE;
    }
}
