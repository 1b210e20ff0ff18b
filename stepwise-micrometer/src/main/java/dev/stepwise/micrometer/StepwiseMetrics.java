package dev.stepwise.micrometer;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.EngineObserver;
import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.StoreCall;
import dev.stepwise.engine.TurnReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Engine metrics on a Micrometer {@link MeterRegistry}: set it with
 * {@code FlowEngine.builder().observer(StepwiseMetrics.of(registry))}.
 *
 * <p>Meters (names as Micrometer writes them; Prometheus shows dots as underscores and adds
 * {@code _seconds}, {@code _total}): {@value #TURNS} (timer; tags {@code flow}, {@code action},
 * {@code status}, {@code error}), {@value #REPLAYS}, {@value #CONFLICTS}, {@value #RERUNS},
 * {@value #ONCE}, {@value #STARTED}, {@value #COMPLETED}, {@value #CANCELLED}, {@value #LOG_ITEMS}
 * (counters; tag {@code flow}), {@value #PURGED} (counter, no tag) and {@value #STORE} (timer;
 * tags {@code store}, {@code operation}, {@code outcome}). docs/operations.md says what each means.
 *
 * <p>Tags are low-cardinality by construction: flow ids of registered flows ({@code unknown} for a
 * call naming none), fixed action, status, error-code and store-operation names. Never a session
 * id, user id or a value from a call. A flow's counters are registered (at zero) on its first call,
 * so rates work from the start. Thread-safe.
 */
public final class StepwiseMetrics implements EngineObserver {

    /** Calls, timed, by flow, action, status and error code. */
    public static final String TURNS = "stepwise.turns";
    /** Calls answered from the answers kept for their requestId. */
    public static final String REPLAYS = "stepwise.turns.replayed";
    /** Saves that lost a compare-and-set race to another call. */
    public static final String CONFLICTS = "stepwise.turn.conflicts";
    /** Turns run again after a lost race. */
    public static final String RERUNS = "stepwise.turn.reruns";
    /** {@code ctx.once} bodies run. */
    public static final String ONCE = "stepwise.once.executions";
    /** New runs saved. */
    public static final String STARTED = "stepwise.sessions.started";
    /** Sessions saved as completed. */
    public static final String COMPLETED = "stepwise.sessions.completed";
    /** Sessions saved as cancelled. */
    public static final String CANCELLED = "stepwise.sessions.cancelled";
    /** Sessions deleted by a purge. */
    public static final String PURGED = "stepwise.sessions.purged";
    /** Log items stored. */
    public static final String LOG_ITEMS = "stepwise.log.items";
    /** Store operations, timed, by store, operation and outcome. */
    public static final String STORE = "stepwise.store.operations";

    static final String UNKNOWN = "unknown";
    static final String NONE_VALUE = "none";

    private final MeterRegistry registry;
    private final Map<String, FlowCounters> flows = new ConcurrentHashMap<>();
    // the registry would find the same meter again, but only after building its id on every call
    private final Map<TurnKey, Timer> turnTimers = new ConcurrentHashMap<>();
    private final Map<StoreKey, Timer> storeTimers = new ConcurrentHashMap<>();
    private final Counter purged;

    private StepwiseMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.purged = Counter.builder(PURGED)
                .description("Sessions deleted by a purge")
                .register(registry);
    }

    /** Metrics recorded on {@code registry}. */
    public static StepwiseMetrics of(MeterRegistry registry) {
        return new StepwiseMetrics(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public Watch<TurnReport> turn(@Nullable String flowId, @Nullable CallAction action) {
        return this::record;
    }

    @Override
    public Watch<StoreCall> store(String store, StoreCall.Operation operation) {
        return this::record;
    }

    @Override
    public void sessionsPurged(long count) {
        purged.increment((double) count);
    }

    private void record(TurnReport report) {
        String flow = report.flowId() == null ? UNKNOWN : report.flowId();
        TurnKey key = new TurnKey(flow, report.action(), report.status(), report.error());
        turnTimers.computeIfAbsent(key, this::turnTimer).record(report.durationNanos(), TimeUnit.NANOSECONDS);
        flows.computeIfAbsent(flow, f -> new FlowCounters(registry, f)).add(report);
    }

    private Timer turnTimer(TurnKey key) {
        return Timer.builder(TURNS)
                .description("Flow tool calls, by outcome")
                .tags(Tags.of(
                        "flow", key.flow(),
                        "action", actionTag(key.action()),
                        "status", key.status(),
                        "error", key.error() == null ? NONE_VALUE : key.error().name()))
                .register(registry);
    }

    private void record(StoreCall call) {
        StoreKey key = new StoreKey(call.store(), call.operation(), call.outcome());
        storeTimers.computeIfAbsent(key, this::storeTimer).record(call.durationNanos(), TimeUnit.NANOSECONDS);
    }

    private Timer storeTimer(StoreKey key) {
        return Timer.builder(STORE)
                .description("Store operations made by the engine")
                .tags(Tags.of(
                        "store", key.store(),
                        "operation", key.operation().label(),
                        "outcome", key.outcome().label()))
                .register(registry);
    }

    /** The tags of one turn timer. */
    private record TurnKey(
            String flow,
            @Nullable CallAction action,
            String status,
            @Nullable ErrorCode error) {}

    /** The tags of one store timer. */
    private record StoreKey(String store, StoreCall.Operation operation, StoreCall.Outcome outcome) {}

    static String actionTag(@Nullable CallAction action) {
        return action == null ? UNKNOWN : action.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "StepwiseMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
