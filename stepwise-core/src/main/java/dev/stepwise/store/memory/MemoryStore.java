package dev.stepwise.store.memory;

import dev.stepwise.store.Cursors;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A {@link VersionedStore} held in this JVM's heap: for tests, development and a single stateful
 * process. Nothing survives a restart, and two processes never share one.
 *
 * <p>Beyond the {@link VersionedStore} guarantees it promises:
 * <ul>
 *   <li><b>Copies, never aliases.</b> Value and item payload arrays are copied on the way in and on
 *       the way out; changing an array after writing it, or one returned by a read, changes nothing
 *       stored.</li>
 *   <li><b>Bounded.</b> It holds at most {@code maxRecords} records. When a new record would exceed
 *       that, expired records are purged first; if the store is still full the write fails with a
 *       {@link StoreUnavailableException} (retryable: room comes back as records expire or are
 *       deleted) and no live record is ever evicted to make room.</li>
 *   <li><b>Expiry without a thread.</b> Expired records are invisible at once; each write also
 *       removes a few of them in expiry order (a sweep whose cost is proportional to what it
 *       removes), so memory is reclaimed without a background thread.</li>
 *   <li><b>Compact.</b> A record's value is held as its difference from an earlier value of its
 *       flow, status and size (a session's record differs from another's at the same step in its
 *       ids and times), and an item's payload likewise from an earlier one of its kind. Records are
 *       found in an open-addressing hash table of their entries, and ordered for listing and expiry
 *       in chunked arrays, so the structures around a record take ~40 B, not a map node, skip-list
 *       nodes and position objects (~190 B): an idle session takes ~240 B of heap. Holding a value
 *       costs ~0.1–0.3 µs per write; values that share nothing (encrypted ones) are soon held as
 *       they are.</li>
 *   <li><b>Costs do not grow with history.</b> Reads and updates find their record by hash, whatever
 *       the number of records (the table grows, with writes paused, when half full); creating or
 *       removing a record, item appends and item windows cost O(log n) in the number of records or
 *       items, whatever the length of a log.</li>
 * </ul>
 *
 * <p>Thread-safe: a write or delete runs under a lock striped by key, so compare-and-set is atomic;
 * reads take no lock, and listings take each kind's ordered index's lock for a moment per 64 ids.
 */
public final class MemoryStore implements VersionedStore {

    /** Expired records a write removes on its way, at most. */
    private static final int SWEEP_BATCH = 16;

    private static final int STRIPES = 64;

    // every write's sweep looks at each kind: values() would copy the array each time
    private static final RecordKind[] KINDS = RecordKind.values();

    private final int maxRecords;
    private final Clock clock;
    // a record is found by hashing its id; the ordered ids serve listings only, and change only when a
    // record is created or removed: an update (every turn) touches the hash table alone
    private final Map<RecordKind, RecordTable> records = new EnumMap<>(RecordKind.class);
    private final Map<RecordKind, ChunkedIndex> ids = new EnumMap<>(RecordKind.class);
    // each record has one position here, at its indexedAt: a time never after its expiry
    private final Map<RecordKind, ChunkedIndex> expiries = new EnumMap<>(RecordKind.class);
    // values are held against bases by kind, flow and status; item payloads against bases by item kind
    private final Map<RecordKind, Bases> valueBases = new EnumMap<>(RecordKind.class);
    private final Bases payloadBases = new Bases();
    private final AtomicInteger size = new AtomicInteger();
    private final Object[] locks = new Object[STRIPES];
    private volatile boolean closed;

    private MemoryStore(Builder builder) {
        this.maxRecords = builder.maxRecords;
        this.clock = builder.clock;
        for (RecordKind kind : RecordKind.values()) {
            records.put(kind, new RecordTable());
            ids.put(kind, new ChunkedIndex(false));
            expiries.put(kind, new ChunkedIndex(true));
            valueBases.put(kind, new Bases());
        }
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** A builder with the defaults: 100,000 records, {@link Clock#systemUTC()}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        ensureOpen();
        Entry entry = kind(key.kind()).get(key.id());
        if (entry == null || !entry.liveAt(now())) {
            return Optional.empty();
        }
        return Optional.of(entry.toStored(key));
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreUnavailableException when the record is new and the store holds {@code maxRecords} live
     *     records: retryable, since room comes back as records expire or are deleted
     * @throws IllegalArgumentException when an item's seq is not above the last seq already stored
     */
    @Override
    public WriteResult write(Write write) {
        ensureOpen();
        sweep(now(), SWEEP_BATCH);
        RecordAttributes attributes = write.attributes();
        Bases.Held value = Objects.requireNonNull(valueBases.get(write.key().kind()))
                .hold(attributes.flowId(), attributes.status(), write.value());
        // held here, before the record's lock: encoding a payload is the costly part of appending it
        List<Item> written = write.items();
        ItemLog.One[] items = written.isEmpty() ? ItemLog.NO_ITEMS : new ItemLog.One[written.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = ItemLog.One.held(written.get(i), payloadBases);
        }
        RecordTable table = kind(write.key().kind());
        boolean swept = false;
        while (true) {
            if (table.needsRoom()) {
                grow(table);
            }
            WriteResult result = tryWrite(write, value, items, table);
            if (result != null) {
                return result;
            }
            if (table.needsRoom()) {
                continue; // the table filled while this write waited for its lock
            }
            if (swept) {
                throw new StoreUnavailableException(
                        "memory store is full: " + maxRecords + " records; raise maxRecords (memory:?maxRecords=N)");
            }
            sweep(now(), Integer.MAX_VALUE);
            swept = true;
        }
    }

    /**
     * The result, or null when the write would create a record and there is no room for it: the
     * store holds {@code maxRecords} records, or the kind's table must grow first.
     */
    private @Nullable WriteResult tryWrite(
            Write write, Bases.Held value, ItemLog.One[] items, RecordTable kindRecords) {
        StoreKey key = write.key();
        synchronized (lockFor(key.kind(), key.id())) {
            Instant clockNow = clock.instant();
            long now = EpochNanos.of(clockNow);
            Entry current = kindRecords.get(key.id());
            // the id as the store holds it: key.id() is this call's copy, and holding that as well
            // would keep a second copy per record
            Object id = current != null ? current.id() : HeldId.of(key.id());
            Entry live = current != null && current.liveAt(now) ? current : null;
            if (!Versions.holds(write.expect(), live == null ? null : live.version())) {
                return new WriteResult.Conflict(Optional.ofNullable(live).map(e -> e.toStored(key)));
            }
            ItemLog log = live != null ? live.items() : ItemLog.NONE;
            if (items.length > 0 && items[0].seq() <= log.lastSeq()) {
                throw new IllegalArgumentException("item seq " + items[0].seq() + " of " + key
                        + " is not above the last stored seq " + log.lastSeq());
            }
            if (current == null && (kindRecords.full() || !reserve())) {
                return null;
            }
            log = log.append(items);
            Instant expiry = expiry(clockNow, write.ttl());
            long expiresAt = EpochNanos.of(expiry);
            long version = live != null ? Versions.next(live.version()) : Versions.initial();
            long indexedAt;
            if (current != null && current.indexedAt() <= expiresAt) {
                // a later expiry (each turn extends it) keeps the index position: no index update
                indexedAt = current.indexedAt();
            } else {
                // an earlier one (a completed session's short retention) moves it now: a position
                // left at the later time would be held until then
                ChunkedIndex kindExpiries = expiries(key.kind());
                if (current != null) {
                    kindExpiries.remove(current.indexedAt(), id);
                }
                indexedAt = expiresAt;
                kindExpiries.add(expiresAt, id);
            }
            kindRecords.put(
                    Entry.of(
                            id,
                            value.bytes(),
                            value.base(),
                            version,
                            write.attributes(),
                            now,
                            expiresAt,
                            indexedAt,
                            log),
                    key.id().hashCode());
            if (current == null) {
                ids(key.kind()).add(0, id);
            }
            return new WriteResult.Written(version, expiry);
        }
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        Expect.forDelete(expect);
        ensureOpen();
        RecordTable kindRecords = kind(key.kind());
        synchronized (lockFor(key.kind(), key.id())) {
            Entry current = kindRecords.get(key.id());
            Entry live = current != null && current.liveAt(now()) ? current : null;
            if (!Versions.holds(expect, live == null ? null : live.version())) {
                return new DeleteResult.Conflict(Optional.ofNullable(live).map(e -> e.toStored(key)));
            }
            if (current != null) {
                remove(key.kind(), current);
            }
            return new DeleteResult.Deleted(live != null);
        }
    }

    @Override
    public Page list(ListQuery query) {
        ensureOpen();
        String lastId = Cursors.lastId(query.cursor());
        String prefix = query.prefix();
        RecordTable kindRecords = kind(query.kind());
        String from = lastId == null || lastId.compareTo(prefix) < 0 ? prefix : lastId;
        long now = now();
        List<Stored> page = new ArrayList<>();
        boolean[] more = {false};
        ids(query.kind()).walkFrom(0, from, from == prefix, (position, id) -> {
            if (!HeldId.startsWith(id, prefix)) {
                return false;
            }
            Entry entry = kindRecords.get(id);
            if (entry == null
                    || !entry.liveAt(now)
                    || !query.matches(entry.attributes(), EpochNanos.instant(entry.updatedAt()))) {
                return true; // removed since its id was passed, or not wanted
            }
            if (page.size() == query.limit()) {
                more[0] = true;
                return false;
            }
            page.add(entry.toStored(new StoreKey(query.kind(), HeldId.string(id))));
            return true;
        });
        String next = more[0] ? Cursors.after(page.get(page.size() - 1).key().id()) : null;
        return new Page(page, List.of(), next);
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        ensureOpen();
        Entry entry = kind(key.kind()).get(key.id());
        if (entry == null || !entry.liveAt(now())) {
            return List.of();
        }
        List<Item> found = new ArrayList<>();
        if (window.last()) {
            for (ItemLog.One item : entry.items().newestFirst()) {
                if (found.size() == window.limit()) {
                    break;
                }
                found.add(item.item());
            }
            Collections.reverse(found);
        } else {
            for (ItemLog.One item : entry.items().after(window.afterSeq())) {
                if (found.size() == window.limit()) {
                    break;
                }
                found.add(item.item());
            }
        }
        return found;
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        ensureOpen();
        synchronized (lockFor(key.kind(), key.id())) {
            RecordTable kindRecords = kind(key.kind());
            Entry entry = kindRecords.get(key.id());
            if (entry != null) {
                ItemLog log = entry.items();
                ItemLog trimmed = log.trimmedBelow(beforeSeq);
                if (trimmed != log) {
                    kindRecords.put(entry.withItems(trimmed), key.id().hashCode());
                }
            }
        }
    }

    /** Drops every record. Later calls fail with {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        records.values().forEach(RecordTable::clear);
        ids.values().forEach(ChunkedIndex::clear);
        expiries.values().forEach(ChunkedIndex::clear);
        valueBases.values().forEach(Bases::clear);
        payloadBases.clear();
        size.set(0);
    }

    /** Records held, including expired ones not yet swept. */
    int size() {
        return size.get();
    }

    /** Positions in the expiry index: one per record held. */
    int indexedExpiries() {
        return expiries.values().stream().mapToInt(ChunkedIndex::size).sum();
    }

    /** Bytes the store's own arrays for values take (a shared array counted once per record). */
    long heldValueBytes() {
        long[] held = {0};
        records.values().forEach(table -> table.forEach(entry -> held[0] += entry.value().length));
        return held[0];
    }

    @Override
    public String toString() {
        return "MemoryStore[" + size.get() + "/" + maxRecords + " records]";
    }

    /** Removes up to {@code max} records expired at {@code now}, earliest expiry first. */
    private void sweep(long now, int max) {
        for (int seen = 0; seen < max; seen++) {
            // the kind whose earliest position is earliest, read without the indexes' locks: a
            // write that finds nothing expired takes none
            RecordKind kind = RecordKind.SESSION;
            long earliest = Long.MAX_VALUE;
            for (RecordKind candidate : KINDS) {
                long first = expiries(candidate).firstPosition();
                if (first < earliest) {
                    kind = candidate;
                    earliest = first;
                }
            }
            if (earliest > now) {
                return;
            }
            ChunkedIndex kindExpiries = expiries(kind);
            ChunkedIndex.Pair head = kindExpiries.first();
            if (head == null || head.position() > now) {
                continue; // another write swept it meanwhile
            }
            synchronized (lockFor(kind, head.id())) {
                RecordTable kindRecords = kind(kind);
                Entry entry = kindRecords.get(head.id());
                if (entry == null || entry.indexedAt() != head.position()) {
                    kindExpiries.remove(head.position(), head.id()); // no record is at this position
                } else if (!entry.liveAt(now)) {
                    remove(kind, entry);
                } else {
                    // its expiry was extended since it was indexed: move it there
                    kindExpiries.remove(head.position(), head.id());
                    kindRecords.put(entry.reindexed());
                    kindExpiries.add(entry.expiresAt(), head.id());
                }
            }
        }
    }

    /** Caller holds the key's lock. */
    private void remove(RecordKind kind, Entry entry) {
        if (kind(kind).remove(entry)) {
            ids(kind).remove(0, entry.id());
            expiries(kind).remove(entry.indexedAt(), entry.id());
            size.decrementAndGet();
        }
    }

    /** Grows {@code table} with every stripe held, so no write runs meanwhile; reads go on. */
    private void grow(RecordTable table) {
        growHolding(0, table);
    }

    private void growHolding(int stripe, RecordTable table) {
        if (stripe == STRIPES) {
            if (table.needsRoom()) { // another write may have grown it while this one waited
                table.grow();
            }
            return;
        }
        synchronized (locks[stripe]) {
            growHolding(stripe + 1, table);
        }
    }

    private boolean reserve() {
        while (true) {
            int held = size.get();
            if (held >= maxRecords) {
                return false;
            }
            if (size.compareAndSet(held, held + 1)) {
                return true;
            }
        }
    }

    @SuppressWarnings("EnumOrdinal") // only spreads kinds over lock stripes; never stored or compared
    private Object lockFor(RecordKind kind, Object id) {
        int h = HeldId.hash(id) * 31 + kind.ordinal();
        h ^= h >>> 16;
        return locks[h & (STRIPES - 1)];
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("memory store is closed");
        }
    }

    private long now() {
        return EpochNanos.of(clock.instant());
    }

    private static Instant expiry(Instant now, Duration ttl) {
        try {
            return now.plus(ttl);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }

    /** Settings of a {@link MemoryStore}; every one has a default. */
    public static final class Builder {

        private int maxRecords = 100_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Most records held at once (live or expired but not yet swept), at least 1. Default 100,000. */
        public Builder maxRecords(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxRecords must be >= 1, was " + value);
            }
            this.maxRecords = value;
            return this;
        }

        /** The clock that stamps updatedAt and decides expiry. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public MemoryStore build() {
            return new MemoryStore(this);
        }
    }

    /** The records of one kind; every kind has its table from construction on. */
    private RecordTable kind(RecordKind kind) {
        return Objects.requireNonNull(records.get(kind), kind.name());
    }

    /** The ids of one kind's records, in order. */
    private ChunkedIndex ids(RecordKind kind) {
        return Objects.requireNonNull(ids.get(kind), kind.name());
    }

    /** The expiry positions of one kind's records. */
    private ChunkedIndex expiries(RecordKind kind) {
        return Objects.requireNonNull(expiries.get(kind), kind.name());
    }
}
