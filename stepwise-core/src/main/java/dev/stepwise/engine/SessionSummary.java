package dev.stepwise.engine;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What listing says about one session (no state values).
 *
 * @param flowId      the flow
 * @param sessionId   the session id
 * @param flowVersion the version it runs on
 * @param status      active, completed or cancelled
 * @param node        the node it waits at (null unless active)
 * @param userId      its user, or null
 * @param updatedAt   its last save
 * @param expiresAt   when it disappears unless another turn comes
 */
public record SessionSummary(
        String flowId,
        String sessionId,
        String flowVersion,
        SessionStatus status,
        @Nullable String node,
        @Nullable String userId,
        Instant updatedAt,
        Instant expiresAt) {}
