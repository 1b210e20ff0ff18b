package dev.stepwise.micrometer;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.EngineObserver;
import dev.stepwise.engine.StoreCall;
import dev.stepwise.engine.TurnReport;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Tracing through Micrometer Observation, so OpenTelemetry or Brave (through Micrometer Tracing)
 * turn each call into a span: set it with
 * {@code FlowEngine.builder().observer(StepwiseObservations.of(observationRegistry))}.
 *
 * <p>Each call is one {@value #TURN} observation, started and put in scope on the calling thread
 * (so it becomes the child of whatever observation is current there, e.g. the HTTP request's),
 * with low-cardinality key values {@code flow} and {@code action} from the start and
 * {@code node}, {@code status}, {@code error} added when the call answers. Every store operation
 * inside it is a child {@value #STORE} observation with {@code store}, {@code operation} and
 * {@code outcome}. No session or user id is ever attached. Thread-safe.
 */
public final class StepwiseObservations implements EngineObserver {

    /** The observation of one call. */
    public static final String TURN = "stepwise.turn";
    /** The observation of one store operation, a child of its call's. */
    public static final String STORE = "stepwise.store";

    private final ObservationRegistry registry;

    private StepwiseObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** Observations made on {@code registry}. */
    public static StepwiseObservations of(ObservationRegistry registry) {
        return new StepwiseObservations(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public Watch<TurnReport> turn(@Nullable String flowId, @Nullable CallAction action) {
        String flow = flowId == null ? StepwiseMetrics.UNKNOWN : flowId;
        Observation observation = Observation.createNotStarted(TURN, registry)
                .contextualName("stepwise " + flow)
                .lowCardinalityKeyValue("flow", flow)
                .lowCardinalityKeyValue("action", StepwiseMetrics.actionTag(action))
                .start();
        Observation.Scope scope = observation.openScope();
        return report -> {
            observation
                    .lowCardinalityKeyValue("node", report.node() == null ? StepwiseMetrics.NONE_VALUE : report.node())
                    .lowCardinalityKeyValue("status", report.status())
                    .lowCardinalityKeyValue(
                            "error",
                            report.error() == null
                                    ? StepwiseMetrics.NONE_VALUE
                                    : report.error().name());
            scope.close();
            observation.stop();
        };
    }

    @Override
    public Watch<StoreCall> store(String store, StoreCall.Operation operation) {
        Observation observation = Observation.createNotStarted(STORE, registry)
                .contextualName("stepwise store " + operation.label())
                .lowCardinalityKeyValue("store", store)
                .lowCardinalityKeyValue("operation", operation.label())
                .start();
        return report -> {
            observation.lowCardinalityKeyValue("outcome", report.outcome().label());
            observation.stop();
        };
    }

    @Override
    public String toString() {
        return "StepwiseObservations";
    }
}
