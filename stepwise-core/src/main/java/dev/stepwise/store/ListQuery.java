package dev.stepwise.store;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A page request over the records of one kind, in ascending id order (a stable keyset order:
 * ids never change, so a walk never repeats or skips a record that exists for its whole length).
 *
 * <p>Filters are applied in the backend's query, so a page holds {@code limit} records whenever
 * that many more match; only the last page is short.
 *
 * @param kind          which records
 * @param prefix        only ids starting with this ("" for all)
 * @param flowId        only records with this flow attribute (null: any)
 * @param status        only records with this status attribute (null: any)
 * @param userId        only records with this user attribute (null: any)
 * @param updatedAfter  only records updated at or after this instant (null: any)
 * @param updatedBefore only records updated strictly before this instant (null: any)
 * @param cursor        the {@link Page#nextCursor()} of the previous page, or null for the first
 * @param limit         page size, 1..{@value #MAX_LIMIT}
 */
public record ListQuery(
        RecordKind kind,
        String prefix,
        @Nullable String flowId,
        @Nullable String status,
        @Nullable String userId,
        @Nullable Instant updatedAfter,
        @Nullable Instant updatedBefore,
        @Nullable String cursor,
        int limit) {

    public static final int MAX_LIMIT = 1000;

    public ListQuery {
        Objects.requireNonNull(kind, "kind");
        prefix = prefix == null ? "" : prefix;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** All records of a kind whose id starts with {@code prefix}, {@code limit} at a time. */
    public static ListQuery of(RecordKind kind, String prefix, int limit) {
        return new ListQuery(kind, prefix, null, null, null, null, null, null, limit);
    }

    /** The same query positioned after the given page. */
    public ListQuery after(Page page) {
        return new ListQuery(
                kind, prefix, flowId, status, userId, updatedAfter, updatedBefore, page.nextCursor(), limit);
    }

    public ListQuery withFlowId(@Nullable String value) {
        return new ListQuery(kind, prefix, value, status, userId, updatedAfter, updatedBefore, cursor, limit);
    }

    public ListQuery withStatus(@Nullable String value) {
        return new ListQuery(kind, prefix, flowId, value, userId, updatedAfter, updatedBefore, cursor, limit);
    }

    public ListQuery withUserId(@Nullable String value) {
        return new ListQuery(kind, prefix, flowId, status, value, updatedAfter, updatedBefore, cursor, limit);
    }

    public ListQuery withUpdatedBetween(@Nullable Instant after, @Nullable Instant before) {
        return new ListQuery(kind, prefix, flowId, status, userId, after, before, cursor, limit);
    }

    public ListQuery withCursor(@Nullable String value) {
        return new ListQuery(kind, prefix, flowId, status, userId, updatedAfter, updatedBefore, value, limit);
    }

    /** Whether a record with these fields matches every filter except prefix and cursor. */
    public boolean matches(RecordAttributes attributes, Instant updatedAt) {
        return (flowId == null || flowId.equals(attributes.flowId()))
                && (status == null || status.equals(attributes.status()))
                && (userId == null || userId.equals(attributes.userId()))
                && (updatedAfter == null || !updatedAt.isBefore(updatedAfter))
                && (updatedBefore == null || updatedAt.isBefore(updatedBefore));
    }
}
