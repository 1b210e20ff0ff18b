package dev.stepwise.store;

/**
 * Which items of a log to read. Results are always in ascending seq order.
 *
 * @param afterSeq read items with seq strictly greater than this (ignored when {@code last})
 * @param limit    at most this many items, 1..{@value #MAX_LIMIT}
 * @param last     when true, read the {@code limit} newest items instead
 */
public record ItemWindow(long afterSeq, int limit, boolean last) {

    public static final int MAX_LIMIT = 10_000;

    public ItemWindow {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("item window limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must be >= 0, was " + afterSeq);
        }
    }

    /** Items with seq greater than {@code afterSeq}, oldest first, at most {@code limit}. */
    public static ItemWindow after(long afterSeq, int limit) {
        return new ItemWindow(afterSeq, limit, false);
    }

    /** The {@code limit} newest items, oldest first. */
    public static ItemWindow last(int limit) {
        return new ItemWindow(0, limit, true);
    }
}
