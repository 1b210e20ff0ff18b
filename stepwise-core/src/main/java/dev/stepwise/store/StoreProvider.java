package dev.stepwise.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    /**
     * The file or directory on this machine that a store with this URI lives in, which
     * {@link #open(String)} creates when it is missing; empty for stores elsewhere (a server, a
     * cloud service, memory). Commands that only read check it first, so a mistyped path is an
     * error instead of a new, empty store. No I/O.
     *
     * @throws IllegalArgumentException when the URI is malformed
     */
    default Optional<Path> localPath(String uri) {
        return Optional.empty();
    }
}
