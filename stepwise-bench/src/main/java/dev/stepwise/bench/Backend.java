package dev.stepwise.bench;

import dev.stepwise.store.VersionedStore;

/**
 * One store under test: the Stepwise store and, unless it is a functional smoke only, its raw
 * baseline over the same backend and client library. {@link #close()} removes what the run created.
 *
 * @param name  the store's name in the results
 * @param smoke whether it is measured as a functional smoke only (in-process test servers)
 * @param store the Stepwise store
 * @param raw   the raw baseline, or null for a smoke
 * @param owned what to close after both (servers, pools)
 */
record Backend(String name, boolean smoke, VersionedStore store, RawStore raw, AutoCloseable owned)
        implements AutoCloseable {

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            try {
                if (raw != null) {
                    raw.close();
                }
            } finally {
                if (owned != null) {
                    try {
                        owned.close();
                    } catch (Exception e) {
                        System.err.println("closing " + name + " failed: " + e);
                    }
                }
            }
        }
    }
}
