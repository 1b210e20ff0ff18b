package dev.stepwise.it.flows;

import dev.stepwise.flow.Ask;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;

/**
 * A counter whose every answer carries the total its turn produced ({@code context: "total=N"}),
 * so an answer identifies the turn that gave it: two requests answered with one total, or one
 * request answered with two, show a turn that ran twice or an answer that was not the request's own.
 */
public final class TallyFlow {

    public static final String ID = "tally";

    private TallyFlow() {}

    public static Flow flow() {
        return Flow.builder(ID)
                .version("1")
                .description("Adds 1 to total on each continue and says the new total.")
                .state(StateSchema.builder()
                        .integer("add", "Amount to add (1)", f -> f.min(1).max(1))
                        .integer("total", "Running total", f -> f.computed())
                        .build())
                .askWith("ask", ctx -> Ask.builder()
                        .question("add", "Add?")
                        .context("total=" + ctx.state().getLong("total"))
                        .build())
                .action("add", ctx -> {
                    Long total = ctx.state().getLong("total");
                    return Patch.of("total", (total == null ? 0 : total) + 1).with("add", null);
                })
                .edge(Flow.START, "ask")
                .edge("ask", "add")
                .edge("add", "ask")
                .build();
    }
}
