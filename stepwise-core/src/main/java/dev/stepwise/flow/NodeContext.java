package dev.stepwise.flow;

import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
    @Nullable String intent();

    /**
     * Runs {@code effect} at most once per run of this session and key, and returns its result (as
     * JSON).
     *
     * <p><b>Exactly once: the recorded outcome.</b> The outcome is saved in the session atomically
     * with the turn. Before the body runs, the call claims the key in the stored session (a
     * compare-and-set write holding a lease), so a racing turn — another call, another server — waits
     * for the recorded outcome and returns it instead of running the body; the claiming call's own
     * re-runs after a lost save reuse the result it already has; later turns, {@code reset} and
     * duplicate requestIds get the recorded result. Every turn of the run sees the same value.
     *
     * <p><b>At least once: the outside world.</b> If the process dies (or stalls past the claim's
     * lease, 30 s by default) after the body's outside call but before the turn is saved, nothing
     * was recorded, and a later turn runs the body again. Pass {@link #idempotencyKey(String)} to the
     * external service: it is stable across those runs, so the service applies the effect once and
     * returns the first result. The first turn of a brand-new session (no record yet to claim in)
     * relies on that key alone.
     *
     * @throws RuntimeException (the engine answers the call {@code IN_PROGRESS}, retryable) when another
     *                          call holds the key longer than the engine's claim wait
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
    Map<String, Object> request();

    /** A key unique to this run and {@code key}, stable across retries, for external idempotency. */
    default String idempotencyKey(String key) {
        return runId() + ":" + key;
    }
}
