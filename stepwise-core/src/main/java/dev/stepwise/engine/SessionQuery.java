package dev.stepwise.engine;

import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordKind;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which sessions to list, a page at a time, in a stable order (flow id, then session id). Filters
 * run in the store's own query, so a page is full while more sessions match.
 *
 * @param flowId        only this flow's sessions (null: every flow)
 * @param status        only sessions in this status (null: any)
 * @param userId        only this user's sessions (null: any)
 * @param updatedAfter  only sessions updated at or after this instant (null: any)
 * @param updatedBefore only sessions updated before this instant (null: any)
 * @param cursor        the previous page's {@link SessionPage#nextCursor()}, or null
 * @param limit         page size, 1..1000
 */
public record SessionQuery(
        @Nullable String flowId,
        @Nullable SessionStatus status,
        @Nullable String userId,
        @Nullable Instant updatedAfter,
        @Nullable Instant updatedBefore,
        @Nullable String cursor,
        int limit) {

    public SessionQuery {
        if (limit < 1 || limit > ListQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + ListQuery.MAX_LIMIT + ", was " + limit);
        }
    }

    /** Every session, {@code limit} at a time. */
    public static SessionQuery all(int limit) {
        return new SessionQuery(null, null, null, null, null, null, limit);
    }

    public SessionQuery flow(String value) {
        return new SessionQuery(value, status, userId, updatedAfter, updatedBefore, cursor, limit);
    }

    public SessionQuery status(SessionStatus value) {
        return new SessionQuery(flowId, value, userId, updatedAfter, updatedBefore, cursor, limit);
    }

    public SessionQuery user(String value) {
        return new SessionQuery(flowId, status, value, updatedAfter, updatedBefore, cursor, limit);
    }

    public SessionQuery updatedBetween(Instant after, Instant before) {
        return new SessionQuery(flowId, status, userId, after, before, cursor, limit);
    }

    /** The same query, positioned after {@code page}. */
    public SessionQuery after(SessionPage page) {
        return new SessionQuery(flowId, status, userId, updatedAfter, updatedBefore, page.nextCursor(), limit);
    }

    ListQuery toStoreQuery() {
        // The flow is the key prefix; filtering on the flow attribute too would hide undecodable records.
        return new ListQuery(
                RecordKind.SESSION,
                SessionKeys.prefix(flowId),
                null,
                status == null ? null : status.label(),
                userId,
                updatedAfter,
                updatedBefore,
                cursor,
                limit);
    }
}
