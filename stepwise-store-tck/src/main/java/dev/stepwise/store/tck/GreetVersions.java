package dev.stepwise.store.tck;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowMigration;
import dev.stepwise.flow.Migration;
import dev.stepwise.flow.StateSchema;

/**
 * Two versions of a small flow for hosts' versioning tests (a server, the Spring starter): version 1
 * asks a name, then an age; version 10 renames the age node and asks a city after it. "10" is chosen
 * so that a host ordering versions as text, not naturally, picks the wrong current version.
 */
public final class GreetVersions {

    public static final String ID = "greet";

    private static final StateSchema SCHEMA = StateSchema.builder()
            .string("name", "Name")
            .integer("age", "Age")
            .string("city", "City")
            .build();

    private GreetVersions() {}

    /** Version 1: ask_name → ask_age → END. */
    public static Flow v1() {
        return Flow.builder(ID)
                .version("1")
                .description("Greets a person.")
                .state(SCHEMA)
                .ask("ask_name", x -> x.question("name", "What is your name?"))
                .ask("ask_age", x -> x.question("age", "How old are you?"))
                .edge(Flow.START, "ask_name")
                .edge("ask_name", "ask_age")
                .edge("ask_age", Flow.END)
                .build();
    }

    /** Version 10: ask_name → ask_years (the age, renamed) → ask_city → END. */
    public static Flow v10() {
        return Flow.builder(ID)
                .version("10")
                .description("Greets a person.")
                .state(SCHEMA)
                .ask("ask_name", x -> x.question("name", "What is your name?"))
                .ask("ask_years", x -> x.question("age", "How old are you?"))
                .ask("ask_city", x -> x.question("city", "Where do you live?"))
                .edge(Flow.START, "ask_name")
                .edge("ask_name", "ask_years")
                .edge("ask_years", "ask_city")
                .edge("ask_city", Flow.END)
                .build();
    }

    /** Moves version 1's sessions onto version 10: ask_age becomes ask_years, the name gets " (moved)". */
    public static FlowMigration migrateV1() {
        return new FlowMigration(
                ID,
                "1",
                "10",
                (node, state) -> new Migration.Result(
                        node.equals("ask_age") ? "ask_years" : node,
                        state.put("name", state.path("name").asString() + " (moved)")));
    }
}
