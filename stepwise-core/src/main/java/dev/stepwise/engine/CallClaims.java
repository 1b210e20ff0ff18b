package dev.stepwise.engine;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Stored;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What one call carries across the attempts of its turn for exactly-once: its random owner token
 * (the holder of its claims), the outcomes of the {@code ctx.once} bodies it ran (re-runs after a
 * lost save reuse them instead of running a body again), whether it wrote a claim (then a failed
 * call releases it), and the version the current attempt saves over. Confined to the call's thread.
 */
final class CallClaims {

    // drawn when first asked for: a call that takes no claim (most continues) needs no token
    private @Nullable String owner;
    private final CallTally tally;
    // made when a body first runs: most calls run none
    private @Nullable Map<String, JsonNode> onceResults;
    private boolean wrote;
    private @Nullable ExpectedVersion expected;

    CallClaims(CallTally tally) {
        this.tally = tally;
    }

    /** What the call counts for its observer ({@link CallTally#OFF} when none). */
    CallTally tally() {
        return tally;
    }

    /** The call's random owner token, the same for every attempt of the call. */
    String owner() {
        if (owner == null) {
            owner = TurnRunner.newRunId();
        }
        return owner;
    }

    /** The outcome of the {@code ctx.once} body {@code key} an earlier attempt of this call ran, or null. */
    @Nullable JsonNode onceResult(String key) {
        return onceResults == null ? null : onceResults.get(key);
    }

    /** Remembers the outcome of the {@code ctx.once} body {@code key} for the call's later attempts. */
    void rememberOnce(String key, JsonNode outcome) {
        if (onceResults == null) {
            onceResults = new HashMap<>();
        }
        onceResults.put(key, outcome);
    }

    /** Notes that a claim of this call was written to the store. */
    void wrote() {
        wrote = true;
    }

    boolean hasWritten() {
        return wrote;
    }

    /** Starts an attempt that saves over {@code expect}. */
    ExpectedVersion attempt(Expect expect) {
        return attempt(expect, null, false);
    }

    /**
     * Starts an attempt that saves over {@code expect}, having read {@code loaded} (or remembered
     * it, when {@code guessed}).
     */
    ExpectedVersion attempt(Expect expect, @Nullable Stored loaded, boolean guessed) {
        expected = new ExpectedVersion(expect, loaded, guessed);
        return expected;
    }

    /** What the current attempt saves over; before any attempt, a new record. */
    ExpectedVersion expected() {
        if (expected == null) {
            expected = new ExpectedVersion(Expect.absent(), null, false);
        }
        return expected;
    }
}
