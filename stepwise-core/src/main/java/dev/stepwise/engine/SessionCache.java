package dev.stepwise.engine;

import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded session records, remembered by key with the exact bytes they were decoded from (or
 * encoded to), so a turn that reads back what the last turn wrote skips the decode.
 *
 * <p>Never stale: a remembered record is used only when the stored record has the same version and
 * the same bytes, and decoding is a function of the bytes, so a hit is exactly what a decode would
 * give. Another process writing the session, a delete and re-create or an expiry all change what
 * the store answers and miss. Records go in only as decoding gives them: read back from bytes, or
 * encoded by {@link SessionCodec#encode}, which first brings their JSON to its parsed form.
 * Remembered records are shared between calls and never changed: the engine copies what a turn
 * changes.
 *
 * <p>Bounded by a number of sessions: past it, an arbitrary record is dropped for each one added.
 */
final class SessionCache {

    /** What a key's record was decoded from, and the record. */
    private record Entry(long version, byte[] bytes, SessionRecord record) {}

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
        if (entry != null && entry.version() == stored.version() && Arrays.equals(entry.bytes(), stored.value())) {
            return entry.record();
        }
        SessionRecord record = SessionCodec.decode(key, stored.value());
        keep(key, stored.version(), stored.value(), record);
        return record;
    }

    /**
     * Remembers the record just written as {@code bytes} at {@code version}; the record must be the
     * one {@link SessionCodec#encode} turned into those bytes. Only live sessions are kept: an ended
     * one is rarely read again.
     */
    void wrote(StoreKey key, long version, byte[] bytes, SessionRecord record) {
        if (record.active()) {
            keep(key, version, bytes, record);
        } else {
            entries.remove(key);
        }
    }

    private void keep(StoreKey key, long version, byte[] bytes, SessionRecord record) {
        if (maxSessions == 0) {
            return;
        }
        if (entries.put(key, new Entry(version, bytes, record)) == null && entries.size() > maxSessions) {
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
