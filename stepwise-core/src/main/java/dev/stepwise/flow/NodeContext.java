package dev.stepwise.flow;

import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * What node code (actions, dynamic asks, widget data, validators, routers) sees during one call.
 * A context belongs to one call of one session and is never shared.
 */
public interface NodeContext {

    /** The session's current state, including this call's updates and earlier patches. */
    State state();

    String flowId();

    String sessionId();

    /** Identifies this run of the flow; a restart starts a new run. */
    String runId();

    /** What the user asked for when the flow started, or null. */
    String intent();

    /**
     * Runs {@code effect} once per run of this session and key, and returns its result (as JSON).
     * The outcome is recorded in the session atomically with the turn, so conflict re-runs, later
     * turns and {@code reset} get the recorded result without running the effect again. If the
     * process dies after the effect but before the turn is saved, the effect can run again: pass
     * {@link #idempotencyKey(String)} to the external service to make that harmless.
     */
    JsonNode once(String key, Supplier<?> effect);

    /**
     * Adds an item to the session's conversation log, saved atomically with this turn (or only
     * delivered to listeners if its kind is transient).
     *
     * @param kind    e.g. {@code assistant}, or a custom kind of 1..64 characters
     * @param payload any JSON-convertible value
     */
    void log(String kind, Object payload);

    /** The user scope: state shared by every session of the calling user. */
    ScopeView user();

    /** The project scope: state shared by every user of this deployment or tenant. */
    ScopeView project();

    /** Scratch values for this call only; never stored. */
    java.util.Map<String, Object> request();

    /** A key unique to this run and {@code key}, stable across retries, for external idempotency. */
    default String idempotencyKey(String key) {
        return runId() + ":" + key;
    }
}
