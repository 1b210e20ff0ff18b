package dev.stepwise.engine;

import java.time.Clock;
import java.time.Duration;

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
 */
record EngineSettings(Clock clock, int maxAttempts, int maxUpdateBytes, int maxRecordBytes,
                      Duration completedRetention, boolean keepCompletedState, LogPolicy logPolicy,
                      java.util.List<LogListener> listeners, String projectId) {}
