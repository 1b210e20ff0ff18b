package dev.stepwise.micrometer;

import dev.stepwise.engine.TurnReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** One flow's counters, registered together on its first call so each starts at zero. */
final class FlowCounters {

    private final Counter replays;
    private final Counter conflicts;
    private final Counter reruns;
    private final Counter once;
    private final Counter started;
    private final Counter completed;
    private final Counter cancelled;
    private final Counter logItems;

    FlowCounters(MeterRegistry registry, String flow) {
        this.replays = counter(registry, StepwiseMetrics.REPLAYS, flow, "Calls answered with a kept answer");
        this.conflicts = counter(registry, StepwiseMetrics.CONFLICTS, flow, "Saves that lost a race");
        this.reruns = counter(registry, StepwiseMetrics.RERUNS, flow, "Turns run again after a lost race");
        this.once = counter(registry, StepwiseMetrics.ONCE, flow, "ctx.once bodies run");
        this.started = counter(registry, StepwiseMetrics.STARTED, flow, "New runs saved");
        this.completed = counter(registry, StepwiseMetrics.COMPLETED, flow, "Sessions saved as completed");
        this.cancelled = counter(registry, StepwiseMetrics.CANCELLED, flow, "Sessions saved as cancelled");
        this.logItems = counter(registry, StepwiseMetrics.LOG_ITEMS, flow, "Log items stored");
    }

    private static Counter counter(MeterRegistry registry, String name, String flow, String description) {
        return Counter.builder(name).description(description).tag("flow", flow).register(registry);
    }

    void add(TurnReport report) {
        if (report.replayed()) {
            replays.increment();
        }
        add(conflicts, report.conflicts());
        add(reruns, report.reRuns());
        add(once, report.onceRuns());
        if (report.sessionStarted()) {
            started.increment();
        }
        if (report.sessionCompleted()) {
            completed.increment();
        }
        if (report.sessionCancelled()) {
            cancelled.increment();
        }
        add(logItems, report.logItems());
    }

    private static void add(Counter counter, int amount) {
        if (amount > 0) {
            counter.increment(amount);
        }
    }
}
