package dev.stepwise.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@link VersionedStore} {@link KvStores#versioned(KvStore, Clock)} returns. Entries:
 * <pre>
 * KIND:ID                the record (see KvRecord)
 * KIND#item/POSITION:ID  the item at index position POSITION of the record's log
 * </pre>
 * The two shapes never collide: a kind label is followed by ':' in one and '#' in the other.
 * Every operation that reads then writes a record, and every item read, holds the record's lock:
 * one of {@value #STRIPES} JVM-wide stripes chosen by the {@code KvStore} object and the record key.
 */
final class KvVersionedStore implements VersionedStore {

    private static final int STRIPES = 1024;

    private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private final KvStore kv;
    private final Clock clock;

    KvVersionedStore(KvStore kv, Clock clock) {
        this.kv = kv;
        this.clock = clock;
    }

    static String recordKey(StoreKey key) {
        return key.kind().label() + ":" + key.id();
    }

    static String itemKey(StoreKey key, long position) {
        return key.kind().label() + "#item/" + position + ":" + key.id();
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        KvRecord record = load(key);
        return record != null && record.liveAt(clock.instant()) ? Optional.of(record.toStored(key)) : Optional.empty();
    }

    @Override
    public WriteResult write(Write write) {
        StoreKey key = write.key();
        return locked(key, () -> {
            Instant now = clock.instant();
            KvRecord current = loadForUpdate(key, write.expect());
            KvRecord live = current != null && current.liveAt(now) ? current : null;
            if (!Versions.holds(write.expect(), live == null ? null : live.version())) {
                return new WriteResult.Conflict(Optional.ofNullable(live).map(r -> r.toStored(key)));
            }
            List<Item> items = write.items();
            long lastSeq = live == null ? 0 : live.lastSeq();
            if (!items.isEmpty() && items.get(0).seq() <= lastSeq) {
                throw new IllegalArgumentException("item seq " + items.get(0).seq() + " of " + key
                        + " is not above the last stored seq " + lastSeq);
            }
            if (live == null && current != null) {
                deleteItems(key, current.from(), current.count()); // the expired record's log
            }
            long from = live == null ? 0 : live.from();
            long count = live == null ? 0 : live.count();
            for (Item item : items) {
                set(itemKey(key, count++), KvRecord.itemToJson(item));
                lastSeq = item.seq();
            }
            long version = live == null ? Versions.initial() : Versions.next(live.version());
            Instant expiresAt = now.plus(write.ttl());
            KvRecord next = new KvRecord(
                    version, now, expiresAt, write.attributes(), write.value().clone(), from, count, lastSeq);
            set(recordKey(key), next.toJson(), expiresAt);
            return new WriteResult.Written(version, expiresAt);
        });
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        Expect.forDelete(expect);
        return locked(key, () -> {
            KvRecord current = loadForUpdate(key, expect);
            KvRecord live = current != null && current.liveAt(clock.instant()) ? current : null;
            if (!Versions.holds(expect, live == null ? null : live.version())) {
                return new DeleteResult.Conflict(Optional.ofNullable(live).map(r -> r.toStored(key)));
            }
            call("delete", recordKey(key), () -> {
                kv.delete(recordKey(key));
                return null;
            });
            if (current != null) {
                deleteItems(key, current.from(), current.count());
            }
            return new DeleteResult.Deleted(live != null);
        });
    }

    /** Always throws: a key-value store cannot enumerate its keys. */
    @Override
    public Page list(ListQuery query) {
        throw new UnsupportedOperationException("a KvStore cannot list records (it has no way to enumerate keys); "
                + "use a built-in store such as the file, SQLite or memory store to list "
                + query.kind().label() + " records");
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        Objects.requireNonNull(window, "window");
        return locked(key, () -> {
            KvRecord record = load(key);
            if (record == null || !record.liveAt(clock.instant()) || record.count() == record.from()) {
                return List.of();
            }
            long start = window.last()
                    ? Math.max(record.from(), record.count() - window.limit())
                    : firstPositionAbove(key, record, window.afterSeq());
            long end = Math.min(record.count(), start + window.limit());
            List<Item> items = new ArrayList<>((int) (end - start));
            for (long position = start; position < end; position++) {
                items.add(item(key, position));
            }
            return items;
        });
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        locked(key, () -> {
            KvRecord record = load(key);
            if (record == null || !record.liveAt(clock.instant())) {
                return null;
            }
            long position = firstPositionAbove(key, record, beforeSeq - 1);
            if (position > record.from()) {
                set(recordKey(key), record.withFrom(position).toJson(), record.expiresAt());
                deleteItems(key, record.from(), position);
            }
            return null;
        });
    }

    private long firstPositionAbove(StoreKey key, KvRecord record, long afterSeq) {
        long lo = record.from();
        long hi = record.count();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (item(key, mid).seq() > afterSeq) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private Item item(StoreKey key, long position) {
        String itemKey = itemKey(key, position);
        JsonNode node = call("get", itemKey, () -> kv.get(itemKey))
                .orElseThrow(() -> new CorruptRecordException(itemKey, "item entry is missing from the KvStore"));
        return KvRecord.parseItem(node, itemKey);
    }

    private void deleteItems(StoreKey key, long start, long end) {
        for (long position = start; position < end; position++) {
            String itemKey = itemKey(key, position);
            call("delete", itemKey, () -> {
                kv.delete(itemKey);
                return null;
            });
        }
    }

    private @Nullable KvRecord load(StoreKey key) {
        String recordKey = recordKey(key);
        return call("get", recordKey, () -> kv.get(recordKey))
                .map(node -> KvRecord.parse(node, recordKey))
                .orElse(null);
    }

    /** Like {@link #load(StoreKey)}, but an unconditional write or delete may replace a corrupt entry. */
    private @Nullable KvRecord loadForUpdate(StoreKey key, Expect expect) {
        try {
            return load(key);
        } catch (CorruptRecordException e) {
            if (expect instanceof Expect.Any) {
                return null;
            }
            throw e;
        }
    }

    private void set(String entryKey, JsonNode value) {
        call("set", entryKey, () -> {
            kv.set(entryKey, value);
            return null;
        });
    }

    /** Record entries carry their expiry so a backend with native expiry can drop them; items cannot (see KvStores). */
    private void set(String entryKey, JsonNode value, Instant expiresAt) {
        call("set", entryKey, () -> {
            kv.set(entryKey, value, expiresAt);
            return null;
        });
    }

    private <T> T locked(StoreKey key, Supplier<T> action) {
        String recordKey = recordKey(key);
        int hash = System.identityHashCode(kv) * 31 + recordKey.hashCode();
        ReentrantLock lock = LOCKS[Math.floorMod(hash ^ (hash >>> 16), STRIPES)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static <T> T call(String operation, String entryKey, Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("KvStore." + operation + "(\"" + entryKey + "\") failed: " + e, e);
        }
    }
}
