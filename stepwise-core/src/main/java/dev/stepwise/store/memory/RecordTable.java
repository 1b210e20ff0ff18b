package dev.stepwise.store.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The records of one kind in a {@link MemoryStore}, found by id: a hash table of {@link Entry}
 * references with open addressing (linear probing), each entry holding its own id. It holds 8–16 B
 * per record, where a {@code ConcurrentHashMap} holds a 32 B node and its table slot (~42 B).
 *
 * <p>Reads take no lock and see each slot's latest entry. Writes of one id must be serialised by the
 * caller (the store writes a record under its stripe lock); writes of different ids may run at once,
 * claiming free slots by compare-and-set. {@link #grow} must run with every writer excluded (the store
 * holds all its stripes): it copies the live entries into a larger array and publishes it, and
 * readers go on reading the old one, unchanged, until then. A removed entry leaves a marker, so that
 * a probe for another id goes on past it; growing drops the markers.
 */
final class RecordTable {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /** A slot whose entry was removed: probes go on past it, inserts may take it. */
    private static final Object REMOVED = new Object();

    /**
     * At least this many slots: with {@link #full} at ¾ and each of the store's 64 stripes inserting
     * at most one entry past that check at a time, a table never fills, so every probe ends.
     */
    private static final int MIN_CAPACITY = 1024;

    private volatile Object[] slots = new Object[MIN_CAPACITY];
    /** Slots holding an entry or a removal marker. */
    private final AtomicInteger used = new AtomicInteger();

    private final AtomicInteger live = new AtomicInteger();

    /** The entry of {@code id}, a {@code String} or a {@link HeldId}; null when there is none. */
    @Nullable Entry get(Object id) {
        Object[] table = slots;
        int mask = table.length - 1;
        int hash = HeldId.hash(id);
        for (int i = home(hash, mask); ; i = (i + 1) & mask) {
            Object slot = SLOTS.getAcquire(table, i);
            if (slot == null) {
                return null;
            }
            if (slot != REMOVED && holds((Entry) slot, id, hash)) {
                return (Entry) slot;
            }
        }
    }

    /**
     * Puts {@code entry} in place of the entry of its id, or adds it. The caller holds the id's write
     * lock and has checked {@link #full} under it before adding.
     */
    void put(Entry entry) {
        put(entry, HeldId.hash(entry.id()));
    }

    /**
     * {@link #put(Entry)}, with {@code hash} the {@link HeldId#hash} of the entry's id: a writer
     * holding the id's {@code String} passes its cached hash, where hashing a held array walks it.
     */
    void put(Entry entry, int hash) {
        Object id = entry.id();
        Object[] table = slots;
        int mask = table.length - 1;
        int free = -1;
        int i = home(hash, mask);
        for (; ; i = (i + 1) & mask) {
            Object slot = SLOTS.getAcquire(table, i);
            if (slot == null) {
                break;
            }
            if (slot == REMOVED) {
                free = free < 0 ? i : free;
            } else if (holds((Entry) slot, id, hash)) {
                // only writers of this id change a slot holding it: no one else can be here
                SLOTS.setRelease(table, i, entry);
                return;
            }
        }
        // absent: take the first marker passed, else the empty slot that ended the probe; another
        // id's writer may take either first, and then the probe goes on from there
        for (i = free >= 0 ? free : i; ; i = (i + 1) & mask) {
            Object slot = SLOTS.getAcquire(table, i);
            if ((slot == null || slot == REMOVED) && SLOTS.compareAndSet(table, i, slot, entry)) {
                if (slot == null) {
                    used.incrementAndGet();
                }
                live.incrementAndGet();
                return;
            }
        }
    }

    /** Removes {@code entry} if it is the entry of its id; false when it is not. */
    boolean remove(Entry entry) {
        Object[] table = slots;
        int mask = table.length - 1;
        Object id = entry.id();
        int hash = HeldId.hash(id);
        for (int i = home(hash, mask); ; i = (i + 1) & mask) {
            Object slot = SLOTS.getAcquire(table, i);
            if (slot == null) {
                return false;
            }
            if (slot != REMOVED && holds((Entry) slot, id, hash)) {
                if (slot != entry) {
                    return false;
                }
                SLOTS.setRelease(table, i, REMOVED);
                live.decrementAndGet();
                return true;
            }
        }
    }

    /** Whether the table should grow before the next add: half its slots are used. */
    boolean needsRoom() {
        return used.get() >= slots.length / 2;
    }

    /** Whether an add must wait for the table to grow: three quarters of its slots are used. */
    boolean full() {
        return used.get() >= slots.length / 4 * 3;
    }

    /**
     * Copies the live entries into a table a quarter full (at least {@link #MIN_CAPACITY} slots),
     * dropping removal markers. Every writer must be excluded while it runs.
     */
    void grow() {
        Object[] old = slots;
        int entries = live.get();
        int wanted = (int) Math.min(1L << 30, Math.max(1, entries) * 4L);
        int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(wanted - 1) << 1);
        Object[] table = new Object[capacity];
        int mask = capacity - 1;
        for (Object slot : old) {
            if (slot != null && slot != REMOVED) {
                Entry entry = (Entry) slot;
                int i = home(HeldId.hash(entry.id()), mask);
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = entry;
            }
        }
        used.set(entries);
        slots = table;
    }

    void forEach(Consumer<Entry> action) {
        for (Object slot : slots) {
            if (slot != null && slot != REMOVED) {
                action.accept((Entry) slot);
            }
        }
    }

    void clear() {
        slots = new Object[MIN_CAPACITY];
        used.set(0);
        live.set(0);
    }

    /** Slots in the table: for tests. */
    int capacity() {
        return slots.length;
    }

    private static boolean holds(Entry entry, Object id, int hash) {
        Object held = entry.id();
        if (held instanceof String s) {
            // a string caches its hash: a cheap way past another id
            return s == id || (s.hashCode() == hash && HeldId.equal(s, id));
        }
        return HeldId.equal(held, id);
    }

    /**
     * The slot a probe for {@code hash} starts at: the top bits of the hash times the golden ratio
     * (Fibonacci hashing), so that ids differing in their last characters, whose string hashes are
     * consecutive, do not fill runs of neighbouring slots.
     */
    private static int home(int hash, int mask) {
        return (hash * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask);
    }
}
