package dev.stepwise.store.tck;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import java.util.List;
import java.util.Map;

/** The flows the engine-level scenarios run through each store. */
final class ScenarioFlows {

    private ScenarioFlows() {}

    /** ask name+email → ask age → price → widget plan → END; the result echoes the answers. */
    static Flow quote() {
        return Flow.builder("tck_quote")
                .description("Conformance quote flow")
                .state(StateSchema.builder()
                        .string("name", "Name")
                        .string("email", "Email", f -> f.format("email"))
                        .integer("age", "Age", f -> f.min(18))
                        .number("premium", "Premium", f -> f.optional())
                        .enumeration("plan", "Plan", "basic", "premium")
                        .build())
                .ask("ask_contact", a -> a.question("name", "Name?").question("email", "Email?"))
                .ask("ask_age", a -> a.question("age", "Age?"))
                .action("price", ctx -> Patch.of("premium", 20 + ctx.state().getInt("age")))
                .widget("pick", "plan_picker", w -> w.field("plan"))
                .edge(Flow.START, "ask_contact")
                .edge("ask_contact", "ask_age")
                .edge("ask_age", "price")
                .branch("price", List.of("pick", Flow.END), ctx -> "pick")
                .edge("pick", Flow.END)
                .result(s -> Map.of(
                        "name", s.getString("name"), "premium", s.getDecimal("premium"), "plan", s.getString("plan")))
                .build();
    }

    /** Each continue adds {@code delta} to {@code total} and asks again. */
    static Flow counter() {
        return Flow.builder("tck_counter")
                .description("Conformance counter flow")
                .state(StateSchema.builder()
                        .integer("delta", "Delta")
                        .integer("total", "Total", f -> f.optional())
                        .build())
                .ask("ask", a -> a.question("delta", "Delta?"))
                .action("add", ctx -> {
                    Long total = ctx.state().getLong("total");
                    return Patch.of(
                                    "total",
                                    (total == null ? 0 : total) + ctx.state().getLong("delta"))
                            .with("delta", null);
                })
                .edge(Flow.START, "ask")
                .edge("ask", "add")
                .edge("add", "ask")
                .build();
    }
}
