package dev.stepwise.examples;

import dev.stepwise.flow.Ask;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import java.util.List;
import java.util.Map;

/**
 * The {@code support_triage} example: a branch on the issue category and a loop of
 * troubleshooting steps that ends when the user says it is solved or the steps run out.
 */
public final class SupportTriage {

    public static final String ID = "support_triage";

    static final List<String> STEPS = List.of(
            "Restart the app and try again.",
            "Sign out, sign back in, and try again.",
            "Reinstall the app from the store and try again.");

    private SupportTriage() {}

    public static Flow flow() {
        return Flow.builder(ID)
                .version("1")
                .title("Support triage")
                .description("Triages a support request: billing questions get an invoice lookup, technical problems"
                        + " walk through troubleshooting steps, anything else opens a ticket.")
                .state(StateSchema.builder()
                        .enumeration("category", "What the request is about", "billing", "technical", "other")
                        .string("summary", "One sentence describing the problem", f -> f.maxLength(500))
                        .string("invoice", "Invoice number, like INV-1234", f -> f.pattern("INV-[0-9]{4,8}"))
                        .integer("step", "Troubleshooting steps tried so far", f -> f.min(0)
                                .computed())
                        .string("instruction", "The troubleshooting step to try now", f -> f.computed())
                        .bool("solved", "Whether the last step solved the problem")
                        .string("ticketId", "The support ticket opened", f -> f.computed())
                        .string("resolution", "How the request ended", f -> f.computed())
                        .build())
                .ask("ask_category", a -> a.question(
                                "category",
                                "Is this about billing, a technical problem, or something else?",
                                q -> q.suggestions("billing", "technical", "other"))
                        .question("summary", "Describe the problem in one sentence."))
                .branch("ask_category", List.of("ask_invoice", "next_step", "open_ticket"), ctx -> switch (ctx.state()
                        .getString("category")) {
                    case "billing" -> "ask_invoice";
                    case "technical" -> "next_step";
                    default -> "open_ticket";
                })
                .ask("ask_invoice", a -> a.question("invoice", "What's the invoice number (INV-…)?"))
                .edge("ask_invoice", "open_ticket")
                .action("next_step", ctx -> {
                    Long tried = ctx.state().getLong("step");
                    int step = tried == null ? 0 : tried.intValue();
                    return Patch.of("step", step + 1)
                            .with("instruction", STEPS.get(Math.min(step, STEPS.size() - 1)))
                            .with("solved", null);
                })
                .edge("next_step", "ask_solved")
                .askWith("ask_solved", ctx -> Ask.builder()
                        .question("solved", ctx.state().getString("instruction") + " Did that solve it?")
                        .context("Give the user the instruction first, then ask whether it worked.")
                        .build())
                .branch("ask_solved", List.of("next_step", "close", "open_ticket"), ctx -> {
                    if (Boolean.TRUE.equals(ctx.state().getBoolean("solved"))) {
                        return "close";
                    }
                    return ctx.state().getLong("step") < STEPS.size() ? "next_step" : "open_ticket";
                })
                .action("open_ticket", ctx -> Patch.of(
                                "ticketId",
                                ctx.once(
                                                "ticket",
                                                () -> "T-"
                                                        + Math.abs(ctx.idempotencyKey("ticket")
                                                                .hashCode()))
                                        .asString())
                        .with("resolution", "ticket"))
                .edge("open_ticket", Flow.END)
                .action("close", ctx -> Patch.of("resolution", "solved"))
                .edge("close", Flow.END)
                .edge(Flow.START, "ask_category")
                .result(state -> Map.of(
                        "resolution", state.getString("resolution"),
                        "ticketId", String.valueOf(state.getString("ticketId")),
                        "steps", state.getLong("step") == null ? 0 : state.getLong("step")))
                .build();
    }
}
