package dev.stepwise.store.jdbc;

/** The JDBC store's own behaviour on MariaDb. */
class MariaDbStoreTest extends StoreBehaviour {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
