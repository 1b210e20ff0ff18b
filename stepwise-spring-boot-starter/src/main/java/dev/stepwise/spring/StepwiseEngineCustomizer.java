package dev.stepwise.spring;

import dev.stepwise.engine.FlowEngine;

/**
 * Adjusts the engine the starter builds, after the properties and flow beans are applied and before
 * it is built: migrations, log listeners, idempotency or claim settings, a clock. Every bean of this
 * type is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface StepwiseEngineCustomizer {

    void customize(FlowEngine.Builder builder);
}
