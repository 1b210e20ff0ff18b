package dev.stepwise.spring;

import dev.stepwise.micrometer.StepwiseMetrics;
import dev.stepwise.micrometer.StepwiseObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Reports the engine's turns and store operations to the application's Micrometer registry (meters
 * named {@code stepwise.*}, see docs/operations.md) and, when it has a non-noop {@link
 * ObservationRegistry}, as {@code stepwise.turn} / {@code stepwise.store} observations (spans with
 * a tracing bridge). Active when {@code stepwise-micrometer} is on the class path; turned off with
 * {@code stepwise.metrics.enabled=false}. The registries are looked up when the engine is built, so
 * it does not matter which auto-configuration defines them first.
 */
@AutoConfiguration(before = StepwiseAutoConfiguration.class)
@ConditionalOnClass({StepwiseMetrics.class, MeterRegistry.class})
@ConditionalOnProperty(prefix = "stepwise.metrics", name = "enabled", matchIfMissing = true)
public class StepwiseMetricsAutoConfiguration {

    /** Adds the metrics and observation observers to the engine the starter builds. */
    @Bean
    public StepwiseEngineCustomizer stepwiseMetricsCustomizer(
            ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
        return builder -> {
            MeterRegistry registry = meters.getIfUnique();
            if (registry != null) {
                builder.observer(StepwiseMetrics.of(registry));
            }
            ObservationRegistry tracing = observations.getIfUnique();
            if (tracing != null && !tracing.isNoop()) {
                builder.observer(StepwiseObservations.of(tracing));
            }
        };
    }
}
