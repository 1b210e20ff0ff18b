package dev.stepwise.engine;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What one call did, as an {@link EngineObserver} sees it: low-cardinality facts and counts only,
 * never a session id, user id or value.
 *
 * @param flowId           the flow called, or null when the call named no registered flow
 * @param action           what the call asked, or null when its arguments could not be decoded
 * @param node             the node the call ended at (the last one it entered), or null when it
 *                         entered none (errors before the graph ran, replays, cancellations)
 * @param status           the response's status: {@code interrupt}, {@code widget}, {@code complete},
 *                         {@code cancelled} or {@code error}
 * @param error            the error code when {@code status} is {@code error}, else null
 * @param replayed         whether the answer was a replay of one kept for the call's {@code requestId}
 * @param attempts         load-run-save attempts made (0 when the call was refused before loading);
 *                         {@link #reRuns()} of them re-ran after a lost race
 * @param conflicts        attempts that lost a compare-and-set race to another call; equal to
 *                         {@code attempts} when the call answered {@code CONFLICT}
 * @param onceRuns         {@code ctx.once} bodies that ran in this call (reused outcomes not counted)
 * @param sessionStarted   whether the call saved the first turn of a new run
 * @param sessionCompleted whether the call saved the session as completed
 * @param sessionCancelled whether the call saved the session as cancelled
 * @param logItems         log items the call stored
 * @param durationNanos    the call's wall-clock time, in nanoseconds
 */
public record TurnReport(
        @Nullable String flowId,
        @Nullable CallAction action,
        @Nullable String node,
        String status,
        @Nullable ErrorCode error,
        boolean replayed,
        int attempts,
        int conflicts,
        int onceRuns,
        boolean sessionStarted,
        boolean sessionCompleted,
        boolean sessionCancelled,
        int logItems,
        long durationNanos) {

    /** Attempts after the first: turns run again because a save lost its race. */
    public int reRuns() {
        return Math.max(0, attempts - 1);
    }

    /** {@link #durationNanos} as a duration. */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }
}
