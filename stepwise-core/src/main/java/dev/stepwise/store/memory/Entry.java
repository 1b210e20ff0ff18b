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
 * @param value the value as it is, or as a {@link Delta} from {@code base}
 * @param indexedAt where the record sits in the store's expiry index: never after {@code expiresAt}
 *     (a write that extends the expiry leaves the record where it is; the sweep moves it on when it
 *     gets there)
 */
// bytes cross the store SPI as they are: copying them into an immutable view would cost a copy per call
@SuppressWarnings("ArrayRecordComponent")
record Entry(
        byte[] value,
        @Nullable Base base,
        long version,
        RecordAttributes attributes,
        long updatedAt,
        long expiresAt,
        long indexedAt,
        ItemLog items) {

    boolean liveAt(long now) {
        return now < expiresAt;
    }

    /** This record, indexed at its expiry. */
    Entry reindexed() {
        return new Entry(value, base, version, attributes, updatedAt, expiresAt, expiresAt, items);
    }

    /** This record with another item log. */
    Entry withItems(ItemLog log) {
        return new Entry(value, base, version, attributes, updatedAt, expiresAt, indexedAt, log);
    }

    /** A copy safe to give to a caller. */
    Stored toStored(StoreKey key) {
        return new Stored(
                key,
                Bases.value(value, base),
                version,
                attributes,
                EpochNanos.instant(updatedAt),
                EpochNanos.instant(expiresAt));
    }
}
