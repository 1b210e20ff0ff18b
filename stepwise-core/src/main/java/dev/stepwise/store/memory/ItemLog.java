package dev.stepwise.store.memory;

import dev.stepwise.store.Item;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * The item log of one record in a {@link MemoryStore}: empty, one item held in place, up to
 * {@link Few#MAX} items in an array, or a skip list past that. Most records wait with a few items
 * (a session waits at each question with one item per turn so far); a skip list costs ~150 B more
 * than its items (the map, its size counter, a head index, a node and index nodes per item), and
 * copying an array of a few references on each append costs less than inserting into it. Past
 * {@link Few#MAX} items the skip list keeps an append and a window O(log n) however long a log
 * grows.
 *
 * <p>{@link None}, {@link One} and {@link Few} are immutable: a change gives a new log, which the
 * caller puts in a new {@link Entry} under the record's lock. {@link Many} is changed in place under
 * that lock, and read without it.
 */
sealed interface ItemLog {

    ItemLog NONE = new None();

    /** No items to append. */
    One[] NO_ITEMS = new One[0];

    /** The seq of the last item, 0 when empty (seqs start at 1). */
    long lastSeq();

    /**
     * This log with {@code items} appended (seqs above {@link #lastSeq()}, increasing): this log
     * itself when it is a {@link Many} or nothing is appended, else a new one.
     *
     * @param items held by {@link One#held}, which the store does before it takes the record's lock
     */
    ItemLog append(One[] items);

    /** Items newest first. */
    Collection<One> newestFirst();

    /** Items with a seq above {@code seq}, oldest first. */
    Collection<One> after(long seq);

    /**
     * This log without the items whose seq is below {@code seq}: this log itself when it is a
     * {@link Many} or when nothing is trimmed.
     */
    ItemLog trimmedBelow(long seq);

    /** No items. */
    record None() implements ItemLog {
        @Override
        public long lastSeq() {
            return 0;
        }

        @Override
        public ItemLog append(One[] items) {
            return switch (items.length) {
                case 0 -> this;
                case 1 -> items[0];
                default -> Few.appended(NO_ITEMS, items);
            };
        }

        @Override
        public Collection<One> newestFirst() {
            return List.of();
        }

        @Override
        public Collection<One> after(long seq) {
            return List.of();
        }

        @Override
        public ItemLog trimmedBelow(long seq) {
            return this;
        }
    }

    /**
     * One item, its fields held here rather than in an {@link Item} (and its time as
     * {@link EpochNanos}): an idle session's log is one of these, and the item object and its
     * {@code Instant} were 48 B of it. {@link Few} and {@link Many} hold each of their items as one too. The payload
     * is held like a record's value: shared with its kind's {@link Base} when equal to it (a
     * session's first item is the same for every session of a flow), else as a {@link Delta} from
     * it or as it is.
     *
     * @param payload the payload as it is, or as a {@link Delta} from {@code base}
     */
    // the payload is the store's own, never handed out: item() decodes or copies it
    @SuppressWarnings("ArrayRecordComponent")
    record One(
            long seq,
            String kind,
            long at,
            byte[] payload,
            @Nullable Base base) implements ItemLog {

        /** {@code item} as the store holds it, its payload held against its kind's base. */
        static One held(Item item, Bases payloads) {
            Bases.Held payload = payloads.hold(item.kind(), null, item.payload());
            return new One(item.seq(), item.kind(), EpochNanos.of(item.at()), payload.bytes(), payload.base());
        }

        /** The item, with a payload of its own. */
        Item item() {
            return new Item(seq, kind, EpochNanos.instant(at), Bases.value(payload, base));
        }

        @Override
        public long lastSeq() {
            return seq;
        }

        @Override
        public ItemLog append(One[] items) {
            return items.length == 0 ? this : Few.appended(new One[] {this}, items);
        }

        @Override
        public Collection<One> newestFirst() {
            return List.of(this);
        }

        @Override
        public Collection<One> after(long seq) {
            return this.seq > seq ? List.of(this) : List.of();
        }

        @Override
        public ItemLog trimmedBelow(long seq) {
            return this.seq < seq ? NONE : this;
        }
    }

    /** Two items up to {@link #MAX}, oldest first, each held as a {@link One}. */
    // the array is the log's own, never changed: a change makes a new log
    @SuppressWarnings("ArrayRecordComponent")
    record Few(One[] items) implements ItemLog {

        /** Items at most in an array; a log of more is a {@link Many}. */
        static final int MAX = 8;

        /** The log of {@code held} (oldest first) and then {@code items}: a {@link Few} or a {@link Many}. */
        static ItemLog appended(One[] held, One[] items) {
            int total = held.length + items.length;
            if (total > MAX) {
                return new Many(new ConcurrentSkipListMap<>()).append(held).append(items);
            }
            One[] all = Arrays.copyOf(held, total);
            System.arraycopy(items, 0, all, held.length, items.length);
            return new Few(all);
        }

        @Override
        public long lastSeq() {
            return items[items.length - 1].seq();
        }

        @Override
        public ItemLog append(One[] appended) {
            return appended.length == 0 ? this : appended(items, appended);
        }

        @Override
        public Collection<One> newestFirst() {
            List<One> newest = new ArrayList<>(items.length);
            for (int i = items.length - 1; i >= 0; i--) {
                newest.add(items[i]);
            }
            return newest;
        }

        @Override
        public Collection<One> after(long seq) {
            int from = 0;
            while (from < items.length && items[from].seq() <= seq) {
                from++;
            }
            return Arrays.asList(items).subList(from, items.length);
        }

        @Override
        public ItemLog trimmedBelow(long seq) {
            int from = 0;
            while (from < items.length && items[from].seq() < seq) {
                from++;
            }
            return switch (items.length - from) {
                case 0 -> NONE;
                case 1 -> items[items.length - 1];
                default -> from == 0 ? this : new Few(Arrays.copyOfRange(items, from, items.length));
            };
        }
    }

    /** More than {@link Few#MAX} items (or fewer, after a trim), keyed by seq, each held as a {@link One}. */
    record Many(ConcurrentSkipListMap<Long, One> items) implements ItemLog {

        @Override
        public long lastSeq() {
            return items.isEmpty() ? 0 : items.lastKey();
        }

        @Override
        public ItemLog append(One[] appended) {
            for (One item : appended) {
                items.put(item.seq(), item);
            }
            return this;
        }

        @Override
        public Collection<One> newestFirst() {
            return items.descendingMap().values();
        }

        @Override
        public Collection<One> after(long seq) {
            return items.tailMap(seq, false).values();
        }

        @Override
        public ItemLog trimmedBelow(long seq) {
            items.headMap(seq, false).clear();
            return this;
        }
    }
}
