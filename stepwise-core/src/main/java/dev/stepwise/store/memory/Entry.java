package dev.stepwise.store.memory;

import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import org.jspecify.annotations.Nullable;

/**
 * One record held by a {@link MemoryStore}. Immutable apart from a {@link ItemLog.Many} item log,
 * which only the holder of the record's stripe lock changes. The value array is owned by the store
 * and never handed out. Times are {@link EpochNanos}.
 *
 * <p>A record whose log is one item holds that item's fields itself ({@link WithOne}) rather than
 * a reference to an {@link ItemLog.One}: most records wait with one item (an idle session), and the
 * item's own object was 40 B of it. The item's seq and its time (as an offset from the record's
 * {@link #updatedAt()}, which the same write set) are held in {@code int}s, so the entry is 80 B;
 * an item whose seq or time does not fit is held by reference. Other logs are held by reference
 * ({@link Bare}). {@link #of} picks the shape; callers see an {@link ItemLog} either way.
 * An entry holds its id for the store's {@link RecordTable}, in space the alignment of either shape
 * leaves free.
 */
sealed interface Entry {

    /** The record's id as a {@link HeldId}: the one copy of it the store holds. */
    Object id();

    /** The value as it is, or as a {@link Delta} from {@link #base()}. */
    byte[] value();

    @Nullable Base base();

    long version();

    RecordAttributes attributes();

    long updatedAt();

    long expiresAt();

    /**
     * Where the record sits in the store's expiry index: never after {@link #expiresAt()} (a write
     * that extends the expiry leaves the record where it is; the sweep moves it on when it gets there).
     */
    long indexedAt();

    /** The record's item log: for a {@link WithOne}, a new {@link ItemLog.One} of its item. */
    ItemLog items();

    static Entry of(
            Object id,
            byte[] value,
            @Nullable Base base,
            long version,
            RecordAttributes attributes,
            long updatedAt,
            long expiresAt,
            long indexedAt,
            ItemLog items) {
        if (items instanceof ItemLog.One one && WithOne.fits(one, updatedAt)) {
            return new WithOne(
                    id,
                    value,
                    base,
                    version,
                    attributes,
                    updatedAt,
                    expiresAt,
                    indexedAt,
                    (int) one.seq(),
                    one.kind(),
                    (int) (one.at() - updatedAt),
                    one.payload(),
                    one.base());
        }
        return new Bare(id, value, base, version, attributes, updatedAt, expiresAt, indexedAt, items);
    }

    default boolean liveAt(long now) {
        return now < expiresAt();
    }

    /** This record, indexed at its expiry. */
    default Entry reindexed() {
        return of(id(), value(), base(), version(), attributes(), updatedAt(), expiresAt(), expiresAt(), items());
    }

    /** This record with another item log. */
    default Entry withItems(ItemLog log) {
        return of(id(), value(), base(), version(), attributes(), updatedAt(), expiresAt(), indexedAt(), log);
    }

    /** A copy safe to give to a caller. */
    default Stored toStored(StoreKey key) {
        return new Stored(
                key,
                Bases.value(value(), base()),
                version(),
                attributes(),
                EpochNanos.instant(updatedAt()),
                EpochNanos.instant(expiresAt()));
    }

    /** A record with no items, or two or more, held by reference. */
    // bytes cross the store SPI as they are: copying them into an immutable view would cost a copy per call
    @SuppressWarnings("ArrayRecordComponent")
    record Bare(
            Object id,
            byte[] value,
            @Nullable Base base,
            long version,
            RecordAttributes attributes,
            long updatedAt,
            long expiresAt,
            long indexedAt,
            ItemLog items)
            implements Entry {}

    /**
     * A record with one item, whose fields (those of an {@link ItemLog.One}) it holds itself: its
     * seq, and its time as nanoseconds after (or before) {@link #updatedAt()}.
     */
    @SuppressWarnings("ArrayRecordComponent")
    record WithOne(
            Object id,
            byte[] value,
            @Nullable Base base,
            long version,
            RecordAttributes attributes,
            long updatedAt,
            long expiresAt,
            long indexedAt,
            int itemSeq,
            String itemKind,
            int itemAtOffset,
            byte[] itemPayload,
            @Nullable Base itemBase)
            implements Entry {

        /**
         * Whether {@code item} fits these fields in a record updated at {@code updatedAt}: its seq
         * an {@code int}, its time within ~2 s of the record's (a write's items are made just
         * before it).
         */
        static boolean fits(ItemLog.One item, long updatedAt) {
            // should the subtraction wrap, updatedAt + offset wraps back: the time is exact either way
            long offset = item.at() - updatedAt;
            return item.seq() == (int) item.seq() && offset == (int) offset;
        }

        @Override
        public ItemLog items() {
            return new ItemLog.One(itemSeq, itemKind, updatedAt + itemAtOffset, itemPayload, itemBase);
        }
    }
}
