package dev.stepwise.store;

import java.time.Clock;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Turns a user's {@link KvStore} into a {@link VersionedStore}, and offers an in-memory
 * {@link KvStore} for tests and demos.
 *
 * <p><b>Not safe across processes.</b> Compare-and-set is enforced with per-key locks inside this
 * JVM (shared by every adapter over the same {@code KvStore} object); a {@code KvStore} has no
 * conditional write, so two processes sharing one backend can lose updates. Use a built-in store
 * for more than one process.
 */
public final class KvStores {

    private KvStores() {}

    /**
     * A versioned store over {@code kv}, with the system UTC clock. See {@link #versioned(KvStore, Clock)}.
     */
    public static VersionedStore versioned(KvStore kv) {
        return versioned(kv, Clock.systemUTC());
    }

    /**
     * A versioned store over {@code kv}.
     *
     * <p>Each record is one JSON entry under {@code KIND:ID} holding its version, times,
     * attributes and value (base64); each item is its own entry, so no entry grows with the log.
     * What it cannot do:
     * <ul>
     *   <li>{@link VersionedStore#list(ListQuery)} throws {@link UnsupportedOperationException}: a
     *       key-value store cannot enumerate keys.</li>
     *   <li>Expired entries stay in the {@code KvStore} (invisible) until their key is written or
     *       deleted again; the adapter cannot sweep what it cannot list. A record entry is set
     *       through {@link KvStore#set(String, JsonNode, java.time.Instant)} with its expiry, so a
     *       backend with native expiry drops it in time; item entries are set without one, because
     *       a later turn extends the record's expiry without rewriting its older items.</li>
     *   <li>Atomicity against crashes is the {@code KvStore}'s: items are set before the record
     *       that commits them, so a crash never shows half a write, but it may leave unreferenced
     *       item entries behind.</li>
     * </ul>
     * Exceptions from the {@code KvStore} surface as {@link StoreUnavailableException}; entries that
     * are not what the adapter wrote raise {@link CorruptRecordException}.
     */
    public static VersionedStore versioned(KvStore kv, Clock clock) {
        return new KvVersionedStore(Objects.requireNonNull(kv, "kv"), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * A {@link KvStore} in a concurrent hash map, for tests and demos. Values are deep-copied in
     * and out, so callers never share a node with the map.
     */
    public static KvStore inMemory() {
        return new InMemoryKvStore();
    }
}
