package dev.stepwise.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The engine's tunables, fixed when it is built.
 *
 * @param clock              time source for visits, records and expiry
 * @param maxAttempts        how often a call re-runs after losing a compare-and-set race before {@code CONFLICT}
 * @param maxUpdateBytes     largest {@code stateUpdates} accepted, in JSON bytes
 * @param maxRecordBytes     largest session record saved, in bytes
 * @param completedRetention how long a completed or cancelled session's marker is kept, so later calls get
 *                           {@code FLOW_COMPLETED} instead of {@code SESSION_NOT_FOUND}
 * @param keepCompletedState whether the marker keeps the final state (default: the state is deleted)
 * @param logPolicy          which log items are stored, and for how long
 * @param listeners          receive every item of each saved turn
 * @param projectId          the project scope's id for this deployment or tenant
 * @param idempotencyWindow  how long an answer is kept for requestId replay (the session's own life caps it)
 * @param maxAnswerBytes     the bound on a session's kept answers; a call with a new requestId is refused while
 *                           the answers younger than the window exceed it
 * @param claimLease         how long a claim on a requestId or {@code ctx.once} key holds before another call may
 *                           take it over (the claimant crashed or stalled); longer than the slowest turn
 * @param claimWait          how long a duplicate waits for the claimant's outcome before answering {@code IN_PROGRESS}
 * @param sessionCacheSize   how many live sessions' decoded records are kept for the next turn; 0 keeps none
 * @param readEveryTurn      whether every turn reads its session first, even one this engine saved last
 */
record EngineSettings(
        Clock clock,
        int maxAttempts,
        int maxUpdateBytes,
        int maxRecordBytes,
        Duration completedRetention,
        boolean keepCompletedState,
        LogPolicy logPolicy,
        List<LogListener> listeners,
        String projectId,
        Duration idempotencyWindow,
        int maxAnswerBytes,
        Duration claimLease,
        Duration claimWait,
        int sessionCacheSize,
        boolean readEveryTurn) {}
