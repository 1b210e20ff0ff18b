package dev.stepwise.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.SessionQuery;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small flow and a scripted set of calls on it: a new run, answers, a save that loses its race
 * once (with a {@code ctx.once} in the re-run turn), completion, a late call, a node failure, a
 * cancellation, an unknown flow and a purge.
 */
final class Script {

    final AtomicInteger effects = new AtomicInteger();

    /** ask name → once-guarded action → ask plan → END. */
    Flow quote() {
        return Flow.builder("quote")
                .description("Quote")
                .state(StateSchema.builder()
                        .string("name", "Name")
                        .string("quoteId", "Quote id", f -> f.optional())
                        .enumeration("plan", "Plan", "basic", "premium")
                        .build())
                .ask("ask_name", a -> a.question("name", "Name?"))
                .action(
                        "price",
                        ctx -> Patch.of(
                                "quoteId",
                                ctx.once("quote", () -> "Q-" + effects.incrementAndGet())
                                        .asString()))
                .ask("ask_plan", a -> a.question("plan", "Plan?"))
                .edge(Flow.START, "ask_name")
                .edge("ask_name", "price")
                .edge("price", "ask_plan")
                .edge("ask_plan", Flow.END)
                .build();
    }

    /** Fails every call: its node throws. */
    static Flow broken() {
        return Flow.builder("broken")
                .description("Fails")
                .action("boom", ctx -> {
                    throw new IllegalStateException("the pricing service is down");
                })
                .edge(Flow.START, "boom")
                .edge("boom", Flow.END)
                .build();
    }

    /** Runs the script; returns the purge's count. */
    long run(FlowEngine engine, RacingStore store) {
        engine.call(FlowCall.start("quote").sessionId("s1").build());
        store.raceNextSave();
        engine.call(FlowCall.resume("quote", "s1").update("name", "Ada").build());
        engine.call(FlowCall.resume("quote", "s1").update("plan", "basic").build());
        engine.call(FlowCall.resume("quote", "s1").update("plan", "basic").build());
        engine.call(FlowCall.start("broken").sessionId("b1").build());
        engine.call(FlowCall.start("quote").sessionId("s2").build());
        engine.call(FlowCall.of("quote", CallAction.CANCEL).sessionId("s2").build());
        engine.call(FlowCall.start("nope").build());
        assertEquals(1, effects.get(), "the re-run reused the once outcome");
        return engine.sessions().purge(SessionQuery.all(50).flow("quote"));
    }
}
