package dev.stepwise.spring;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowBuilder;

/**
 * Starts flow definitions with the application's {@code stepwise.flows.*} defaults (session TTL,
 * loop limit), so they are set in configuration rather than in code. A flow can still override
 * them on the builder it gets.
 *
 * <pre>{@code
 * @Bean
 * Flow refund(StepwiseFlows flows, RefundService refunds) {
 *     return flows.builder("refund").action("pay", ctx -> refunds.pay(ctx)) ... .build();
 * }
 * }</pre>
 */
public final class StepwiseFlows {

    private final StepwiseProperties.Flows defaults;

    public StepwiseFlows(StepwiseProperties.Flows defaults) {
        this.defaults = defaults;
    }

    /** {@link Flow#builder(String)} with the configured session TTL and loop limit already set. */
    public FlowBuilder builder(String id) {
        return Flow.builder(id).sessionTtl(defaults.getSessionTtl()).loopLimit(defaults.getLoopLimit());
    }
}
