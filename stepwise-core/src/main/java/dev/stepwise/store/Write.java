package dev.stepwise.store;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One conditional write: the record's new value and, in the same atomic step, items appended to
 * its log. Either the record is written and every item appended, or nothing changes.
 *
 * @param key        the record to write
 * @param value      the new value bytes (the store keeps exactly these bytes)
 * @param expect     the condition on the current record
 * @param ttl        how long the record stays visible after this write (positive); every write
 *                   sets a new expiry, so regular writes keep a record alive (sliding expiry)
 * @param attributes listing attributes stored beside the value
 * @param items      items to append, with strictly increasing seqs above any already stored
 */
// bytes cross the store SPI as they are: copying them into an immutable view would cost a copy per call
@SuppressWarnings("ArrayRecordComponent")
public record Write(
        StoreKey key, byte[] value, Expect expect, Duration ttl, RecordAttributes attributes, List<Item> items) {

    public Write {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        attributes = attributes == null ? RecordAttributes.NONE : attributes;
        items = items == null ? List.of() : List.copyOf(items);
        for (int i = 1; i < items.size(); i++) {
            if (items.get(i).seq() <= items.get(i - 1).seq()) {
                throw new IllegalArgumentException("item seqs must increase: "
                        + items.get(i - 1).seq() + " then " + items.get(i).seq());
            }
        }
    }

    /** A write with no attributes and no items. */
    public static Write of(StoreKey key, byte[] value, Expect expect, Duration ttl) {
        return new Write(key, value, expect, ttl, RecordAttributes.NONE, List.of());
    }
}
