package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowBuilder;
import dev.stepwise.flow.InvalidAnswer;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Small flows the engine tests drive. */
public final class TestFlows {

    private TestFlows() {}

    public static StateSchema quoteSchema() {
        return StateSchema.builder()
                .string("name", "Full name")
                .string("email", "Email", f -> f.format("email"))
                .integer("age", "Age in years", f -> f.min(0).max(130))
                .number("premium", "Premium", f -> f.optional())
                .enumeration("plan", "Plan", "basic", "premium")
                .string("quoteId", "Quote id", f -> f.optional())
                .object(
                        "driver",
                        "Driver",
                        StateSchema.builder().string("licence", "Licence").build())
                .build();
    }

    /** ask contact (2 questions) → ask age → compute (counts effects via ctx.once) → widget plan → END. */
    public static FlowBuilder quote(String id, AtomicInteger quoteEffects) {
        return Flow.builder(id)
                .description("Quote")
                .state(quoteSchema())
                .ask("ask_contact", a -> a.question("name", "Name?")
                        .question(
                                "email",
                                "Email?",
                                q -> q.validator((v, ctx) ->
                                        Patch.of("email", v.asString().toLowerCase())))
                        .context("Ask both."))
                .ask(
                        "ask_age",
                        a -> a.question("age", "Age?", q -> q.suggestions("18-25", "26+")
                                .validator((v, ctx) -> {
                                    if (v.asInt() < 18) {
                                        throw InvalidAnswer.because("the driver must be at least 18");
                                    }
                                    return Patch.empty();
                                })))
                .action("compute", ctx -> {
                    String quoteId = ctx.once("quote", () -> "Q-" + quoteEffects.incrementAndGet())
                            .asString();
                    return Patch.of("premium", 10 + ctx.state().getInt("age")).with("quoteId", quoteId);
                })
                .widget("pick", "plan_picker", w -> w.field("plan")
                        .data(ctx -> Map.of("premium", ctx.state().getDecimal("premium"))))
                .edge(Flow.START, "ask_contact")
                .edge("ask_contact", "ask_age")
                .edge("ask_age", "compute")
                .edge("compute", "pick")
                .edge("pick", Flow.END)
                .result(s -> Map.of("quoteId", s.getString("quoteId"), "plan", s.getString("plan")));
    }

    public static Flow quote() {
        return quote("quote", new AtomicInteger()).build();
    }

    /** Each continue with {@code delta} adds it to {@code total} and asks again (a cycle). */
    public static Flow counter() {
        return Flow.builder("counter")
                .description("Counts")
                .state(StateSchema.builder()
                        .integer("delta", "Amount to add")
                        .integer("total", "Running total", f -> f.optional())
                        .build())
                .ask("ask_delta", a -> a.question("delta", "How much?"))
                .action("add", ctx -> {
                    Long total = ctx.state().getLong("total");
                    return Patch.of(
                                    "total",
                                    (total == null ? 0 : total) + ctx.state().getLong("delta"))
                            .with("delta", null);
                })
                .edge(Flow.START, "ask_delta")
                .edge("ask_delta", "add")
                .edge("add", "ask_delta")
                .build();
    }

    public static Flow loopForever() {
        return Flow.builder("spin")
                .description("Never pauses")
                .loopLimit(10)
                .action("a", ctx -> Patch.empty())
                .action("b", ctx -> Patch.empty())
                .edge(Flow.START, "a")
                .edge("a", "b")
                .edge("b", "a")
                .build();
    }

    public static List<String> fields(FlowResponse r) {
        var json = r.toJson(false);
        if (json.has("field")) {
            return List.of(json.get("field").asString());
        }
        return json.get("questions")
                .valueStream()
                .map(q -> q.get("field").asString())
                .toList();
    }
}
