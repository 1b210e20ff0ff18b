package dev.stepwise.store;

import org.jspecify.annotations.Nullable;

/**
 * Plain-text attributes stored beside a record's value so listing can filter on them in the
 * backend's own query. They are never encrypted; keep state values out of them. Each may be null.
 *
 * @param flowId the flow a session belongs to
 * @param status the session's status ({@code active}, {@code completed}, ...)
 * @param userId the user the record belongs to, for listing by user and for erasure
 */
public record RecordAttributes(
        @Nullable String flowId,
        @Nullable String status,
        @Nullable String userId) {

    public static final RecordAttributes NONE = new RecordAttributes(null, null, null);
}
