package dev.stepwise.store;

import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The simplest store a user can write: get, set and delete of a JSON value, like the ten-line
 * adapters of other flow libraries. Wrap one with {@link KvStores#versioned(KvStore)} to use it
 * as a {@link VersionedStore}.
 *
 * <p><b>Not safe across processes.</b> The wrapper makes it correct inside one JVM (per-key locks,
 * the version kept in the value), but a {@code KvStore} has no compare-and-set, so two processes
 * sharing one backend can lose updates. Use a built-in store for more than one process.
 */
public interface KvStore {

    Optional<JsonNode> get(String key);

    void set(String key, JsonNode value);

    /**
     * Sets {@code key} and says the entry is not needed after {@code expiresAt}: a backend with
     * native expiry may drop it from then on (the versioned adapter already treats such an entry as
     * absent), which keeps abandoned records from piling up. The default ignores the hint.
     */
    default void set(String key, JsonNode value, Instant expiresAt) {
        set(key, value);
    }

    void delete(String key);
}
