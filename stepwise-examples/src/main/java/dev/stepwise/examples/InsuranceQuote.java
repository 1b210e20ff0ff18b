package dev.stepwise.examples;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.InvalidAnswer;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code insurance_quote} example: every node kind in five nodes. Ask name and email (with an
 * email validator), ask the driver's age (a validator that normalises it and derives a band),
 * compute a premium, let the user pick a plan in a widget, then issue a quote id exactly once.
 */
public final class InsuranceQuote {

    public static final String ID = "insurance_quote";
    public static final List<String> PLANS = List.of("basic", "standard", "premium");
    /** The youngest main driver insured; the schema's minimum, so the model sees it. */
    static final int MIN_AGE = 18;

    private InsuranceQuote() {}

    public static Flow flow() {
        return Flow.builder(ID)
                .version("1")
                .title("Car insurance quote")
                .description("Gets a car insurance quote: collects the driver's name, email and age, prices three"
                        + " plans and lets the user pick one.")
                .state(StateSchema.builder()
                        .string("name", "Full name of the main driver", f -> f.minLength(1)
                                .maxLength(200))
                        .string("email", "Email address for the quote", f -> f.format("email"))
                        .integer("age", "Age of the main driver in years (18 or older)", f -> f.min(MIN_AGE)
                                .max(120))
                        .string("ageBand", "Age band derived from the age", f -> f.computed())
                        .number("premium", "Monthly premium of the standard plan, in EUR", f -> f.computed())
                        .enumeration("plan", "The plan the user chose", PLANS.toArray(String[]::new))
                        .string("quoteId", "Identifier of the issued quote", f -> f.computed())
                        .build())
                .ask("ask_contact", a -> a.question("name", "What's your full name?")
                        .question(
                                "email",
                                "What's your email address?",
                                q -> q.validator((value, ctx) -> {
                                    String email = value.asString().trim().toLowerCase(Locale.ROOT);
                                    if (email.endsWith("@example.invalid")) {
                                        throw InvalidAnswer.because("that email domain cannot receive mail");
                                    }
                                    return Patch.of("email", email);
                                }))
                        .context("Ask for both in one friendly message."))
                .ask(
                        "ask_age",
                        // suggestions are answers the field accepts; the schema's minimum is the only age check
                        a -> a.question("age", "How old is the main driver?", q -> q.suggestions("25", "40", "67")
                                .validator((value, ctx) -> {
                                    int age = value.asInt();
                                    String band = age < 26 ? "young" : age < 66 ? "adult" : "senior";
                                    return Patch.of("age", age).with("ageBand", band);
                                })))
                .action("compute_quote", ctx -> {
                    String band = ctx.state().getString("ageBand");
                    double factor = "young".equals(band) ? 1.6 : "senior".equals(band) ? 1.3 : 1.0;
                    return Patch.of("premium", Math.round(35 * factor * 100) / 100.0);
                })
                .widget("show_plans", "show_plan_picker", w -> w.field("plan").data(ctx -> {
                    double standard = ctx.state().getDecimal("premium").doubleValue();
                    return Map.of(
                            "plans",
                            List.of(
                                    Map.of("id", "basic", "monthly", round(standard * 0.7)),
                                    Map.of("id", "standard", "monthly", standard),
                                    Map.of("id", "premium", "monthly", round(standard * 1.6))));
                }))
                .action("finalize", ctx -> {
                    String quoteId = ctx.once(
                                    "quote-id",
                                    () -> "Q-"
                                            + Integer.toHexString(ctx.idempotencyKey("quote")
                                                            .hashCode())
                                                    .toUpperCase(Locale.ROOT))
                            .asString();
                    return Patch.of("quoteId", quoteId);
                })
                .edge(Flow.START, "ask_contact")
                .edge("ask_contact", "ask_age")
                .edge("ask_age", "compute_quote")
                .branch(
                        "compute_quote",
                        List.of("show_plans", Flow.END),
                        ctx -> ctx.state().has("premium") ? "show_plans" : Flow.END)
                .edge("show_plans", "finalize")
                .edge("finalize", Flow.END)
                .result(state -> Map.of(
                        "quoteId", state.getString("quoteId"),
                        "plan", state.getString("plan"),
                        "premium", state.getDecimal("premium"),
                        "name", state.getString("name"),
                        "email", state.getString("email")))
                .build();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
