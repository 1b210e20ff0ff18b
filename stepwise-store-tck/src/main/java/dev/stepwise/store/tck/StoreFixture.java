package dev.stepwise.store.tck;

import dev.stepwise.store.VersionedStore;

/**
 * What a store module supplies to run the conformance kit: independent clients of one backend
 * namespace. A fixture is created per test and closed after it.
 */
public interface StoreFixture extends AutoCloseable {

    /**
     * A new client of the backend under test with its own connections (a second pool, a second
     * Redis client, a second store instance on the same directory), seeing the same records as
     * every other client of this fixture. Races in the kit run between such clients, not between
     * threads on one client. The fixture closes the clients it handed out.
     */
    VersionedStore newClient();

    /** Largest value, in bytes, the store promises to hold. */
    default int maxValueBytes() {
        return 1 << 20;
    }

    /** Closes every client and removes the namespace's data. */
    @Override
    void close() throws Exception;
}
