package dev.stepwise.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a record's append-only item log (the conversation log of a session).
 *
 * @param seq     position in the log, assigned by the writer; strictly increasing per record
 * @param kind    the item kind ({@code user}, {@code assistant}, {@code tool}, ...), at most 64 chars
 * @param at      when the item was created; stores keep it to the millisecond (finer precision
 *                may be truncated), so give millisecond instants to read back equal ones
 * @param payload opaque payload bytes, returned exactly as written
 */
// bytes cross the store SPI as they are: copying them into an immutable view would cost a copy per call
@SuppressWarnings("ArrayRecordComponent")
public record Item(long seq, String kind, Instant at, byte[] payload) {

    public Item {
        if (seq < 1) {
            throw new IllegalArgumentException("item seq must be >= 1, was " + seq);
        }
        Objects.requireNonNull(kind, "kind");
        if (kind.isEmpty() || kind.length() > 64) {
            throw new IllegalArgumentException("item kind must be 1..64 chars, was '" + kind + "'");
        }
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public String toString() {
        return "Item[" + seq + " " + kind + " at " + at + ", " + payload.length + " bytes]";
    }
}
