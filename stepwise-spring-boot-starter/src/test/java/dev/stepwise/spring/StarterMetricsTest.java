package dev.stepwise.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.flow.Flow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With stepwise-micrometer on the class path, the engine the starter builds reports to the application's registry. */
class StarterMetricsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(StepwiseAutoConfiguration.class, StepwiseMetricsAutoConfiguration.class))
            .withPropertyValues("stepwise.store.uri=memory:")
            .withBean("insuranceQuote", Flow.class, InsuranceQuote::flow);

    @Test
    void turnsAreCountedInTheApplicationsMeterRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            FlowEngine engine = context.getBean(FlowEngine.class);
            engine.call(FlowCall.start(InsuranceQuote.ID).sessionId("m1").build());
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertEquals(
                    1,
                    registry.get("stepwise.sessions.started")
                            .tag("flow", InsuranceQuote.ID)
                            .counter()
                            .count());
            assertEquals(
                    1,
                    registry.get("stepwise.turns")
                            .tag("flow", InsuranceQuote.ID)
                            .tag("status", "interrupt")
                            .timer()
                            .count());
        });
    }

    @Test
    void withoutARegistryOrWhenTurnedOffTheEngineRunsUnobserved() {
        runner.run(context -> assertEquals(
                "interrupt",
                context.getBean(FlowEngine.class)
                        .call(FlowCall.start(InsuranceQuote.ID).sessionId("m2").build())
                        .status()));
        runner.withPropertyValues("stepwise.metrics.enabled=false")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    context.getBean(FlowEngine.class)
                            .call(FlowCall.start(InsuranceQuote.ID)
                                    .sessionId("m3")
                                    .build());
                    assertTrue(context.getBean(MeterRegistry.class)
                            .find("stepwise.turns")
                            .meters()
                            .isEmpty());
                });
    }
}
