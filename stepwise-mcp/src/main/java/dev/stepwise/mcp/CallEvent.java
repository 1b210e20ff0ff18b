package dev.stepwise.mcp;

import java.time.Duration;

/**
 * What one flow-tool call did, for logs and metrics. Carries no state values.
 *
 * @param flowId    the flow (tool) called
 * @param sessionId the session the call ran on, or null when it had none
 * @param action    the action asked for ({@code start}, {@code continue}, ...), or {@code invalid}
 * @param status    the answer's status: {@code interrupt}, {@code widget}, {@code complete} or {@code error}
 * @param code      the error code when the status is {@code error}, else null
 * @param duration  how long the call took
 */
public record CallEvent(
        String flowId, String sessionId, String action, String status, String code, Duration duration) {}
