package dev.stepwise.store.memory;

import dev.stepwise.store.Item;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

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
     *
     * @param items as the caller wrote them: each payload is held (copied or encoded), never kept
     * @param payloads what the payloads are held against
     */
    ItemLog append(List<Item> items, Bases payloads);

    /** Items newest first. */
    Collection<One> newestFirst();

    /** Items with a seq above {@code seq}, oldest first. */
    Collection<One> after(long seq);

    /** This log without the items whose seq is below {@code seq}: this log itself when it is a {@link Many}. */
    ItemLog trimmedBelow(long seq);

    /** No items. */
    record None() implements ItemLog {
        @Override
        public long lastSeq() {
            return 0;
        }

        @Override
        public ItemLog append(List<Item> items, Bases payloads) {
            return switch (items.size()) {
                case 0 -> this;
                case 1 -> One.held(items.get(0), payloads);
                default -> new Many(new ConcurrentSkipListMap<>()).append(items, payloads);
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
     * {@code Instant} were 48 B of it. A {@link Many} holds each of its items as one too. The payload
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
        public ItemLog append(List<Item> items, Bases payloads) {
            if (items.isEmpty()) {
                return this;
            }
            Many log = new Many(new ConcurrentSkipListMap<>());
            log.items.put(seq, this);
            return log.append(items, payloads);
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

    /** Two items or more (or fewer, after a trim), keyed by seq, each held as a {@link One}. */
    record Many(ConcurrentSkipListMap<Long, One> items) implements ItemLog {

        @Override
        public long lastSeq() {
            return items.isEmpty() ? 0 : items.lastKey();
        }

        @Override
        public ItemLog append(List<Item> appended, Bases payloads) {
            for (Item item : appended) {
                items.put(item.seq(), One.held(item, payloads));
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
