package dev.stepwise.store.memory;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A sorted set of (position, id) pairs, by position then id (a {@link HeldId}, in its string's
 * order), held in chunks of up to {@link #MAX} pairs in plain arrays. A
 * {@code ConcurrentSkipListSet} holds a node, index nodes and (for a pair) an element object per
 * element, ~60 B; this holds the id's reference and its position, 4 or 12 B, plus ~100 B per chunk.
 * Chunks behind pairs added in order (an expiry index's) stay full; elsewhere ~¾ full. The store
 * keeps one per record kind for its ids (in listing order, every position 0 and not stored) and one
 * per kind for its expiries (by expiry time).
 *
 * <p>Every change and every look runs under the index's lock; chunks change in place, so a change
 * allocates only when a chunk's arrays fill (every {@link #SLACK} adds) or split. A walk copies a
 * chunk's worth of pairs under the lock and visits them outside it, so a visitor may take other
 * locks and change this index. A walk sees, in order and once, every pair present for its whole
 * length, and may or may not see pairs added or removed during it.
 */
final class ChunkedIndex {

    /** Pairs in a chunk at most: a change shifts up to this many pairs. */
    static final int MAX = 64;

    /** A chunk left smaller than this by a removal is merged into the next one if they fit in one. */
    static final int MIN = MAX / 4;

    /** Free slots a chunk's arrays gain when they fill. */
    private static final int SLACK = 8;

    /** What a walk does with each pair; false ends the walk. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(long position, Object id);
    }

    private final boolean positioned;
    // chunks by their first pair
    private final TreeMap<Pair, Chunk> chunks = new TreeMap<>();
    private final Object lock = new Object();
    /** The first pair's position, {@link Long#MAX_VALUE} when empty: read without the lock. */
    private volatile long firstPosition = Long.MAX_VALUE;

    /** @param positioned false for a set of ids alone: every position is 0 and none is stored */
    ChunkedIndex(boolean positioned) {
        this.positioned = positioned;
    }

    /** Adds the pair; false when it is present already. */
    boolean add(long position, Object id) {
        if (!positioned && position != 0) {
            throw new IllegalArgumentException("an index of ids alone holds position 0 only, not " + position);
        }
        synchronized (lock) {
            Map.Entry<Pair, Chunk> holder = chunks.floorEntry(new Pair(position, id));
            if (holder == null) {
                holder = chunks.firstEntry();
                if (holder == null) {
                    Chunk chunk = new Chunk(positioned);
                    chunk.insert(0, position, id);
                    chunks.put(chunk.first(), chunk);
                    changed();
                    return true;
                }
            }
            Chunk chunk = holder.getValue();
            int at = chunk.search(position, id);
            if (at >= 0) {
                return false;
            }
            int inserted = -at - 1;
            chunk.insert(inserted, position, id);
            if (chunk.size > MAX) {
                // a pair added after all of a chunk's is mostly one of a run in order (an expiry
                // index is added to at the end, now plus a TTL, on every new record): halves would
                // leave every chunk behind the run half empty for good, so the run moves on alone
                Chunk upper = chunk.splitOff(inserted == chunk.size - 1 ? inserted : chunk.size / 2);
                chunks.put(upper.first(), upper);
            }
            rekey(holder.getKey(), chunk);
            changed();
            return true;
        }
    }

    /** Removes the pair; false when it is absent. */
    boolean remove(long position, Object id) {
        synchronized (lock) {
            Map.Entry<Pair, Chunk> holder = chunks.floorEntry(new Pair(position, id));
            if (holder == null) {
                return false;
            }
            Chunk chunk = holder.getValue();
            int at = chunk.search(position, id);
            if (at < 0) {
                return false;
            }
            chunk.delete(at);
            if (chunk.size == 0) {
                chunks.remove(holder.getKey());
            } else {
                Map.Entry<Pair, Chunk> next = chunk.size < MIN ? chunks.higherEntry(holder.getKey()) : null;
                if (next != null && chunk.size + next.getValue().size <= MAX) {
                    chunk.append(next.getValue());
                    chunks.remove(next.getKey());
                }
                rekey(holder.getKey(), chunk);
            }
            changed();
            return true;
        }
    }

    /** The first pair's position, {@link Long#MAX_VALUE} when the index is empty. Takes no lock. */
    long firstPosition() {
        return firstPosition;
    }

    /** The first pair, or null when the index is empty. */
    @Nullable Pair first() {
        synchronized (lock) {
            Map.Entry<Pair, Chunk> head = chunks.firstEntry();
            return head == null ? null : head.getKey();
        }
    }

    /**
     * Walks the pairs from ({@code position}, {@code id}) on, in order, that pair itself included
     * when {@code inclusive}, until the visitor returns false.
     */
    void walkFrom(long position, Object id, boolean inclusive, Visitor visitor) {
        long[] positions = new long[MAX];
        Object[] ids = new Object[MAX];
        long lastPosition = position;
        Object lastId = id;
        boolean strict = !inclusive;
        while (true) {
            int copied;
            synchronized (lock) {
                copied = copyAfter(lastPosition, lastId, strict, positions, ids);
            }
            if (copied == 0) {
                return;
            }
            for (int i = 0; i < copied; i++) {
                if (!visitor.visit(positions[i], ids[i])) {
                    return;
                }
            }
            lastPosition = positions[copied - 1];
            lastId = ids[copied - 1];
            strict = true;
        }
    }

    /** Walks every pair in order until the visitor returns false. */
    void walk(Visitor visitor) {
        walkFrom(Long.MIN_VALUE, "", true, visitor);
    }

    /** Slots the chunks' arrays hold, pairs or free: O(chunks). */
    int slots() {
        synchronized (lock) {
            int slots = 0;
            for (Chunk chunk : chunks.values()) {
                slots += chunk.ids.length;
            }
            return slots;
        }
    }

    /** Pairs held: O(chunks). */
    int size() {
        synchronized (lock) {
            int size = 0;
            for (Chunk chunk : chunks.values()) {
                size += chunk.size;
            }
            return size;
        }
    }

    void clear() {
        synchronized (lock) {
            chunks.clear();
            changed();
        }
    }

    /**
     * Caller holds the lock. Copies the pairs after (or from, unless {@code strict}) the given one
     * up to the end of the chunk holding the first of them; the number copied, 0 at the end.
     */
    private int copyAfter(long position, Object id, boolean strict, long[] positions, Object[] ids) {
        Pair from = new Pair(position, id);
        Map.Entry<Pair, Chunk> holder = chunks.floorEntry(from);
        if (holder == null) {
            holder = chunks.firstEntry();
        }
        while (holder != null) {
            Chunk chunk = holder.getValue();
            int at = chunk.search(position, id);
            int start = at >= 0 ? (strict ? at + 1 : at) : -at - 1;
            if (start < chunk.size) {
                int count = chunk.size - start;
                System.arraycopy(chunk.ids, start, ids, 0, count);
                for (int i = 0; i < count; i++) {
                    positions[i] = chunk.position(start + i);
                }
                return count;
            }
            holder = chunks.higherEntry(holder.getKey());
        }
        return 0;
    }

    /** Caller holds the lock. Files {@code chunk}, which was filed under {@code key}, under its first pair. */
    private void rekey(Pair key, Chunk chunk) {
        if (!chunk.startsWith(key)) {
            chunks.remove(key);
            chunks.put(chunk.first(), chunk);
        }
    }

    /** Caller holds the lock. */
    private void changed() {
        Map.Entry<Pair, Chunk> head = chunks.firstEntry();
        firstPosition = head == null ? Long.MAX_VALUE : head.getKey().position();
    }

    /**
     * A pair; as a key of the chunk map, its chunk's first pair. Its id is a {@link HeldId}, so pairs
     * are told apart by {@link #compareTo}, never by {@code equals}.
     */
    record Pair(long position, Object id) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            return compare(position, id, other.position, other.id);
        }
    }

    private static int compare(long position, Object id, long otherPosition, Object otherId) {
        int byPosition = Long.compare(position, otherPosition);
        return byPosition != 0 ? byPosition : HeldId.compare(id, otherId);
    }

    /** Pairs in order in the first {@code size} slots of its arrays; {@code positions} null when all are 0. */
    private static final class Chunk {

        long @Nullable [] positions;
        Object[] ids;
        int size;

        Chunk(boolean positioned) {
            this(positioned ? new long[SLACK] : null, new Object[SLACK], 0);
        }

        private Chunk(long @Nullable [] positions, Object[] ids, int size) {
            this.positions = positions;
            this.ids = ids;
            this.size = size;
        }

        long position(int i) {
            return positions == null ? 0 : positions[i];
        }

        Pair first() {
            return new Pair(position(0), ids[0]);
        }

        boolean startsWith(Pair pair) {
            return position(0) == pair.position() && HeldId.equal(ids[0], pair.id());
        }

        /** The pair's index, or {@code -(insertion point) - 1} (as {@link Arrays#binarySearch}). */
        int search(long position, Object id) {
            int low = 0;
            int high = size - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int c = compare(position(mid), ids[mid], position, id);
                if (c < 0) {
                    low = mid + 1;
                } else if (c > 0) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(low + 1);
        }

        void insert(int at, long position, Object id) {
            if (size == ids.length) {
                ensureCapacity(size + SLACK);
            }
            System.arraycopy(ids, at, ids, at + 1, size - at);
            ids[at] = id;
            if (positions != null) {
                System.arraycopy(positions, at, positions, at + 1, size - at);
                positions[at] = position;
            }
            size++;
        }

        // slots past size are never read; they are cleared so that no removed id is kept alive
        @SuppressWarnings("NullAway")
        void delete(int at) {
            System.arraycopy(ids, at + 1, ids, at, size - at - 1);
            if (positions != null) {
                System.arraycopy(positions, at + 1, positions, at, size - at - 1);
            }
            size--;
            ids[size] = null; // no reference kept to an id removed
        }

        /** Moves the pairs from {@code from} on into a new chunk, which it returns. */
        @SuppressWarnings("NullAway") // as in delete
        Chunk splitOff(int from) {
            int count = size - from;
            Chunk upper = new Chunk(
                    positions == null ? null : Arrays.copyOfRange(positions, from, from + count + SLACK),
                    Arrays.copyOfRange(ids, from, from + count + SLACK),
                    count);
            Arrays.fill(ids, from, size, null);
            size = from;
            return upper;
        }

        /** Appends the pairs of {@code next}, which come after all of this chunk's. */
        void append(Chunk next) {
            ensureCapacity(size + next.size);
            System.arraycopy(next.ids, 0, ids, size, next.size);
            if (positions != null && next.positions != null) {
                System.arraycopy(next.positions, 0, positions, size, next.size);
            }
            size += next.size;
        }

        private void ensureCapacity(int capacity) {
            if (capacity > ids.length) {
                ids = Arrays.copyOf(ids, capacity);
                if (positions != null) {
                    positions = Arrays.copyOf(positions, capacity);
                }
            }
        }
    }
}
