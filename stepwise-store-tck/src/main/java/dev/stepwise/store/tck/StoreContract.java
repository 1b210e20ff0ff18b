package dev.stepwise.store.tck;

import dev.stepwise.store.VersionedStore;

/** Base of every contract interface: the fixture under test and its first client. */
public interface StoreContract {

    StoreFixture fixture();

    /** The first client of the fixture, opened before each test. */
    VersionedStore store();
}
