package dev.stepwise.store.jdbc;

/** The JDBC store's own behaviour on H2. */
class H2StoreTest extends StoreBehaviour {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
