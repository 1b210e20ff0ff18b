package dev.stepwise.store;

import java.util.List;

/**
 * Opens a store from a URI such as {@code sqlite:./stepwise.db} or {@code redis://127.0.0.1:6379}.
 * Each store module registers one through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.stepwise.store.StoreProvider}); {@link StoreProviders#open(String)}
 * picks the one that accepts a URI.
 */
public interface StoreProvider {

    /** URI forms this provider opens, for help and error messages (e.g. {@code "redis://HOST:PORT"}). */
    List<String> uriForms();

    /** Whether this provider handles {@code uri} (by its scheme; no I/O). */
    boolean accepts(String uri);

    /**
     * Opens a store.
     *
     * @throws IllegalArgumentException naming what is wrong with the URI (never echoing a password)
     * @throws StoreUnavailableException when the backend cannot be reached
     */
    VersionedStore open(String uri);
}
