package dev.stepwise.server;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.LogPolicy;
import dev.stepwise.flow.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code serve} sets for every flow it hosts and for its engine, where a Java application sets
 * it on the {@code FlowBuilder} or {@code FlowEngine.Builder}. A null component keeps each flow's or
 * the engine's own value. Out-of-range values are refused here, before the server opens its store.
 *
 * @param sessionTtl         how long a session stays alive after its last turn ({@code --session-ttl})
 * @param loopLimit          most node executions per call ({@code --loop-limit})
 * @param completedRetention how long a completed or cancelled session's marker is kept
 *                           ({@code --completed-retention})
 * @param logMaxItems        most stored log items per session ({@code --log-max-items})
 * @param logMaxAge          stored log items older than this are trimmed ({@code --log-max-age})
 * @param readEveryTurn      read each session before every turn ({@code --read-every-turn}); false keeps the
 *                           engine's default
 */
record EngineOverrides(
        Duration sessionTtl,
        Integer loopLimit,
        Duration completedRetention,
        Integer logMaxItems,
        Duration logMaxAge,
        boolean readEveryTurn) {

    /** Every flow and the engine keep their own settings. */
    static final EngineOverrides NONE = new EngineOverrides(null, null, null, null, null, false);

    EngineOverrides {
        positive("--session-ttl", sessionTtl);
        positive("--completed-retention", completedRetention);
        positive("--log-max-age", logMaxAge);
        if (loopLimit != null && (loopLimit < 1 || loopLimit > 10_000)) {
            throw new IllegalArgumentException("--loop-limit must be 1 to 10000, not " + loopLimit);
        }
        if (logMaxItems != null && logMaxItems < 1) {
            throw new IllegalArgumentException("--log-max-items must be at least 1, not " + logMaxItems);
        }
    }

    private static void positive(String option, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(option + " must be positive, not " + value);
        }
    }

    /** {@code flow} with this session TTL and loop limit where they are set. */
    Flow apply(Flow flow) {
        if (sessionTtl == null && loopLimit == null) {
            return flow;
        }
        return flow.withLimits(
                sessionTtl == null ? flow.sessionTtl() : sessionTtl, loopLimit == null ? flow.loopLimit() : loopLimit);
    }

    /** Sets the engine-wide values that are set (completed retention, log window, reads) on {@code engine}. */
    void applyTo(FlowEngine.Builder engine) {
        if (readEveryTurn) {
            engine.readEveryTurn(true);
        }
        if (completedRetention != null) {
            engine.completedRetention(completedRetention);
        }
        if (logMaxItems != null || logMaxAge != null) {
            LogPolicy defaults = LogPolicy.DEFAULT;
            engine.logPolicy(defaults.retain(
                    logMaxItems == null ? defaults.maxItems() : logMaxItems,
                    logMaxAge == null ? defaults.maxAge() : logMaxAge));
        }
    }

    /** The values that are set, as option=value pairs for the start log; empty when none is. */
    String describe() {
        List<String> set = new ArrayList<>();
        add(set, "session-ttl", sessionTtl);
        add(set, "loop-limit", loopLimit);
        add(set, "completed-retention", completedRetention);
        add(set, "log-max-items", logMaxItems);
        add(set, "log-max-age", logMaxAge);
        add(set, "read-every-turn", readEveryTurn ? true : null);
        return String.join(" ", set);
    }

    private static void add(List<String> set, String name, Object value) {
        if (value != null) {
            set.add(name + "=" + value);
        }
    }
}
