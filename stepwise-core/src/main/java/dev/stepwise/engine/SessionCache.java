package dev.stepwise.engine;

import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Decoded session records, remembered by key with the stored record they were decoded from (or
 * encoded to), so a turn that reads back what the last turn wrote skips the decode, and a turn on a
 * session this engine wrote last can skip the read (a guess its compare-and-set save checks).
 *
 * <p>Never stale when decoding: a remembered record is used only when the stored record has the
 * same version and the same bytes, and decoding is a function of the bytes, so a hit is exactly what
 * a decode would give. Another process writing the session, a delete and re-create or an expiry all
 * change what the store answers and miss. Records go in only as decoding gives them: read back from
 * bytes, or encoded by {@link SessionCodec#encode}, which first brings their JSON to its parsed form.
 * Remembered records are shared between calls and never changed: the engine copies what a turn
 * changes.
 *
 * <p>A {@linkplain #guess guess} may be stale, and so may the guess that a session this engine does
 * not {@linkplain #unknown know} is new; what runs on either must be verified by the store before
 * it counts (see {@link CallHandler}). A session found changed by another writer is not guessed
 * again while it is remembered, so sessions that several servers take turns on are read first.
 *
 * <p>Bounded by a number of sessions: past it, an arbitrary record is dropped for each one added.
 */
final class SessionCache {

    /**
     * What a key's record was decoded from, the record, and whether another writer was seen to
     * change it behind this engine.
     */
    private record Entry(Stored stored, SessionRecord record, boolean shared) {}

    private final int maxSessions;
    private final ConcurrentHashMap<StoreKey, Entry> entries;

    /** @param maxSessions how many sessions' records to keep; 0 keeps none */
    SessionCache(int maxSessions) {
        this.maxSessions = maxSessions;
        this.entries = new ConcurrentHashMap<>(Math.min(maxSessions, 1024));
    }

    /**
     * The record {@code stored} holds.
     *
     * @throws dev.stepwise.store.CorruptRecordException when its bytes are not a session record
     */
    SessionRecord decode(StoreKey key, Stored stored) {
        Entry entry = maxSessions == 0 ? null : entries.get(key);
        if (entry != null
                && entry.stored().version() == stored.version()
                && Arrays.equals(entry.stored().value(), stored.value())) {
            return entry.record();
        }
        SessionRecord record = SessionCodec.decode(key, stored.value());
        keep(key, stored, record);
        return record;
    }

    /**
     * Remembers the record just written as {@code stored}; the record must be the one
     * {@link SessionCodec#encode} turned into its bytes. Only live sessions are kept: an ended one
     * is rarely read again.
     */
    void wrote(StoreKey key, Stored stored, SessionRecord record) {
        if (record.active()) {
            keep(key, stored, record);
        } else {
            entries.remove(key);
        }
    }

    /**
     * The stored record this engine last read or wrote at {@code key}, for a turn to start from
     * without reading it: only for a live session with nothing pending (no first turn under way, no
     * scope writes left to apply) that no other writer was seen to change. It may be stale.
     */
    @Nullable Stored guess(StoreKey key) {
        Entry entry = maxSessions == 0 ? null : entries.get(key);
        if (entry == null || entry.shared()) {
            return null;
        }
        SessionRecord record = entry.record();
        return record.active() && !record.starting() && record.outbox().isEmpty() ? entry.stored() : null;
    }

    /**
     * Whether this engine holds nothing of the session at {@code key}, for a start to run as on a new
     * one without reading it. False when the cache keeps no sessions: then nothing is guessed.
     */
    boolean unknown(StoreKey key) {
        return maxSessions != 0 && !entries.containsKey(key);
    }

    /** Notes that another writer changed the record at {@code key} after this engine's guess of it. */
    void shared(StoreKey key) {
        entries.computeIfPresent(key, (k, e) -> e.shared() ? e : new Entry(e.stored(), e.record(), true));
    }

    private void keep(StoreKey key, Stored stored, SessionRecord record) {
        if (maxSessions == 0) {
            return;
        }
        // the shared flag outlives the records it was seen on
        entries.compute(key, (k, previous) -> new Entry(stored, record, previous != null && previous.shared()));
        if (entries.size() > maxSessions) {
            // a hash map's first entries are as good as random: no order is kept on the hot path
            Iterator<StoreKey> keys = entries.keySet().iterator();
            while (entries.size() > maxSessions && keys.hasNext()) {
                StoreKey victim = keys.next();
                if (!victim.equals(key)) {
                    keys.remove();
                }
            }
        }
    }
}
