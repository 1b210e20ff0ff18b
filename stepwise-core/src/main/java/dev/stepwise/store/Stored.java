package dev.stepwise.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A record as read from a store. The {@code value} bytes are exactly the bytes written; callers
 * must not modify the array.
 *
 * @param key        the record's address
 * @param value      the opaque value bytes
 * @param version    the version a later {@link Expect#version(long)} must name
 * @param attributes the listing attributes written with the value
 * @param updatedAt  when the store last wrote the record
 * @param expiresAt  when the record stops being visible
 */
// bytes cross the store SPI as they are: copying them into an immutable view would cost a copy per call
@SuppressWarnings("ArrayRecordComponent")
public record Stored(
        StoreKey key, byte[] value, long version, RecordAttributes attributes, Instant updatedAt, Instant expiresAt) {

    public Stored {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "Stored[" + key + " v" + version + ", " + value.length + " bytes, expires " + expiresAt + "]";
    }
}
