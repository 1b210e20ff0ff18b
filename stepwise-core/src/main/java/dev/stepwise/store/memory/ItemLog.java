package dev.stepwise.store.memory;

import dev.stepwise.store.Item;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The item log of one record in a {@link MemoryStore}: empty, one item held in place, or a skip
 * list from the second item on. Most records wait with one item (a session at its first
 * question); a skip list of one costs ~150 B more than the item itself (the map, its size
 * counter, a head index and two nodes), about a sixth of an idle session.
 *
 * <p>{@link None} and {@link One} are immutable: a change gives a new log, which the caller puts in
 * a new {@link Entry} under the record's lock. {@link Many} is changed in place under that lock,
 * and read without it.
 */
sealed interface ItemLog {

    ItemLog NONE = new None();

    /** The seq of the last item, 0 when empty (seqs start at 1). */
    long lastSeq();

    /**
     * This log with {@code items} appended (seqs above {@link #lastSeq()}, increasing): this log
     * itself when it is a {@link Many}, else a new one.
     */
    ItemLog append(List<Item> items);

    /** Items newest first. */
    Collection<Item> newestFirst();

    /** Items with a seq above {@code seq}, oldest first. */
    Collection<Item> after(long seq);

    /** This log without the items whose seq is below {@code seq}: this log itself when it is a {@link Many}. */
    ItemLog trimmedBelow(long seq);

    /** No items. */
    record None() implements ItemLog {
        @Override
        public long lastSeq() {
            return 0;
        }

        @Override
        public ItemLog append(List<Item> items) {
            return switch (items.size()) {
                case 0 -> this;
                case 1 -> One.of(items.get(0));
                default -> Many.of(items);
            };
        }

        @Override
        public Collection<Item> newestFirst() {
            return List.of();
        }

        @Override
        public Collection<Item> after(long seq) {
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
     * {@code Instant} were 48 B of it.
     */
    // the payload is the store's own copy, never handed out: MemoryStore copies it on the way out
    @SuppressWarnings("ArrayRecordComponent")
    record One(long seq, String kind, long at, byte[] payload) implements ItemLog {

        static One of(Item item) {
            return new One(item.seq(), item.kind(), EpochNanos.of(item.at()), item.payload());
        }

        Item item() {
            return new Item(seq, kind, EpochNanos.instant(at), payload);
        }

        @Override
        public long lastSeq() {
            return seq;
        }

        @Override
        public ItemLog append(List<Item> items) {
            if (items.isEmpty()) {
                return this;
            }
            return Many.of(List.of(item())).append(items);
        }

        @Override
        public Collection<Item> newestFirst() {
            return List.of(item());
        }

        @Override
        public Collection<Item> after(long seq) {
            return this.seq > seq ? List.of(item()) : List.of();
        }

        @Override
        public ItemLog trimmedBelow(long seq) {
            return this.seq < seq ? NONE : this;
        }
    }

    /** Two items or more (or fewer, after a trim), keyed by seq. */
    record Many(ConcurrentSkipListMap<Long, Item> items) implements ItemLog {

        static Many of(List<Item> items) {
            Many log = new Many(new ConcurrentSkipListMap<>());
            log.append(items);
            return log;
        }

        @Override
        public long lastSeq() {
            return items.isEmpty() ? 0 : items.lastKey();
        }

        @Override
        public ItemLog append(List<Item> appended) {
            for (Item item : appended) {
                items.put(item.seq(), item);
            }
            return this;
        }

        @Override
        public Collection<Item> newestFirst() {
            return items.descendingMap().values();
        }

        @Override
        public Collection<Item> after(long seq) {
            return items.tailMap(seq, false).values();
        }

        @Override
        public ItemLog trimmedBelow(long seq) {
            items.headMap(seq, false).clear();
            return this;
        }
    }
}
