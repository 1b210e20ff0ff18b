package dev.stepwise.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store SPI every built-in store implements: versioned records with compare-and-set writes,
 * expiry, keyset listing, and an append-only item log per record.
 *
 * <h2>Guarantees every implementation gives (pinned by {@code stepwise-store-tck})</h2>
 * <ul>
 *   <li><b>Compare-and-set.</b> A {@link Write} succeeds only if its {@link Expect} holds against the
 *       live record at the moment of writing, atomically with respect to every other client of the
 *       same backend (other threads, other store instances, other processes). A failed condition
 *       changes nothing and returns a conflict carrying the current record.</li>
 *   <li><b>Versions.</b> Each successful write returns a new version. A record created after a
 *       delete (or expiry) never reuses a version its predecessor had in any way a stale writer
 *       could match, so a stale {@link Expect#version(long)} cannot overwrite a re-created record
 *       (no ABA). Stores achieve this by starting a new record at {@link Versions#initial()} and
 *       adding one on each update.</li>
 *   <li><b>Atomic items.</b> The items of a write are appended if and only if the write succeeds.</li>
 *   <li><b>Expiry.</b> Every write sets an expiry; an expired record is invisible to every read,
 *       list and condition at once, whether or not the backend has removed it yet.</li>
 *   <li><b>Values are copied.</b> The bytes read are the bytes written; no array is shared with the
 *       caller.</li>
 *   <li><b>Failures.</b> Backend outages raise {@link StoreUnavailableException} (retryable); a
 *       record that cannot be decoded raises {@link CorruptRecordException} for that record only.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface VersionedStore extends AutoCloseable {

    /** The live record at {@code key}, or empty if there is none or it has expired. */
    Optional<Stored> read(StoreKey key);

    /**
     * Reads several records. Stores that can batch (one round trip) override this.
     *
     * @return the live records found, keyed by key; absent keys are missing from the map
     */
    default Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        Map<StoreKey, Stored> found = new LinkedHashMap<>();
        for (StoreKey key : keys) {
            read(key).ifPresent(s -> found.put(key, s));
        }
        return found;
    }

    /** Writes a record (and appends its items) if the write's condition holds. */
    WriteResult write(Write write);

    /**
     * Deletes a record and its whole item log if the condition holds. Deleting a missing record
     * with {@link Expect#any()} succeeds with {@code existed = false}.
     *
     * @throws IllegalArgumentException for {@link Expect#absent()}, which makes no sense for a delete
     */
    DeleteResult delete(StoreKey key, Expect expect);

    /** One page of live records; see {@link ListQuery} for order and filters. */
    Page list(ListQuery query);

    /**
     * Reads a window of the item log of {@code key}, in ascending seq order. The log of a missing
     * record is empty.
     */
    List<Item> readItems(StoreKey key, ItemWindow window);

    /** Removes the items of {@code key} with seq strictly lower than {@code beforeSeq}. */
    void trimItems(StoreKey key, long beforeSeq);

    /** Releases connections and background work. Idempotent. */
    @Override
    default void close() {}
}
