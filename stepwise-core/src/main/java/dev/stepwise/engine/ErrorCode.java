package dev.stepwise.engine;

/** The error codes of the flow tool contract, and whether retrying the same call can help. */
public enum ErrorCode {
    /** The call's arguments are wrong; fix them. */
    INVALID_INPUT(false),
    /** No session under that id (never started, expired, or deleted). */
    SESSION_NOT_FOUND(false),
    /** The session already completed or was cancelled; start a new one. */
    FLOW_COMPLETED(false),
    /** The session was started on a flow version this server cannot run and no migration exists. */
    FLOW_VERSION_MISMATCH(false),
    /** Concurrent calls on the session kept winning; retry. */
    CONFLICT(true),
    /**
     * Another call with the same {@code requestId} (or a turn holding the same {@code ctx.once} key)
     * is still running; nothing was saved by this call. Retry the same call: it gets that call's answer.
     */
    IN_PROGRESS(true),
    /** The store could not be reached; nothing was saved; retry. */
    STORE_UNAVAILABLE(true),
    /** A node's code failed; nothing of the call was saved. */
    NODE_FAILED(false),
    /** One call executed more nodes than the flow's loop limit. */
    LOOP_LIMIT(false),
    /** The arguments or the resulting state exceed a size limit. */
    PAYLOAD_TOO_LARGE(false),
    /** An unexpected failure, including a stored record that cannot be read. */
    INTERNAL(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether the same call may succeed if repeated. */
    public boolean retryable() {
        return retryable;
    }
}
