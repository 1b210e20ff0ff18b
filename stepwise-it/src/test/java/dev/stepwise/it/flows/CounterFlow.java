package dev.stepwise.it.flows;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;

/**
 * The flow every reliability test drives: each {@code continue} answering {@code delta} adds it to
 * {@code total}, then asks again. A lost update shows as a total below the acknowledged calls, a
 * replayed one as a total above.
 */
public final class CounterFlow {

    public static final String ID = "counter";

    /** Bounds of {@code total}: a model may set it, but never beyond what a long holds with room to add. */
    static final long LIMIT = 1_000_000_000_000_000L;

    private CounterFlow() {}

    public static Flow flow() {
        return Flow.builder(ID)
                .version("1")
                .description("Adds delta to total on each continue.")
                .state(StateSchema.builder()
                        .integer(
                                "delta", "Amount to add", f -> f.min(-1_000_000).max(1_000_000))
                        .integer("total", "Running total", f -> f.optional()
                                .min(-LIMIT)
                                .max(LIMIT))
                        .string("note", "Free text", f -> f.optional())
                        .build())
                .ask("ask", a -> a.question("delta", "How much to add?"))
                .action("add", ctx -> {
                    Long total = ctx.state().getLong("total");
                    long sum = (total == null ? 0 : total) + ctx.state().getLong("delta");
                    // stays inside the declared range whatever a model set total to
                    return Patch.of("total", Math.max(-LIMIT, Math.min(LIMIT, sum)))
                            .with("delta", null);
                })
                .edge(Flow.START, "ask")
                .edge("ask", "add")
                .edge("add", "ask")
                .build();
    }
}
