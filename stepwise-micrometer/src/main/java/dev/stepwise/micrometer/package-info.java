/**
 * Micrometer for Stepwise: {@link dev.stepwise.micrometer.StepwiseMetrics} records engine metrics
 * on a {@code MeterRegistry}, {@link dev.stepwise.micrometer.StepwiseObservations} traces calls and
 * their store operations through the Observation API. Both are {@code EngineObserver}s: add either
 * or both with {@code FlowEngine.Builder.observer}.
 */
@NullMarked
package dev.stepwise.micrometer;

import org.jspecify.annotations.NullMarked;
