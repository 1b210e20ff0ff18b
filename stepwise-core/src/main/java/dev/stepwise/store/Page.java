package dev.stepwise.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param records    matching live records in ascending id order
 * @param unreadable entries the store found but could not decode; reported, never fatal
 * @param nextCursor pass to {@link ListQuery#after(Page)} for the next page; null when this is the last
 */
public record Page(
        List<Stored> records,
        List<Unreadable> unreadable,
        @Nullable String nextCursor) {

    public Page {
        records = List.copyOf(records);
        unreadable = List.copyOf(unreadable);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }

    /**
     * A stored entry that could not be decoded.
     *
     * @param location where it was found (a key, a file name, a row id)
     * @param reason   why it could not be read
     */
    public record Unreadable(String location, @Nullable String reason) {}
}
