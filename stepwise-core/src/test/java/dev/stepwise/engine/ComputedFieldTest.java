package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowDefinitionException;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Output-only ({@code computed}) fields: set by the flow's code, never by a call. */
class ComputedFieldTest {

    private static Flow priced() {
        return Flow.builder("priced")
                .description("Asks an age, prices it, asks a note.")
                .state(StateSchema.builder()
                        .integer("age", "Age", f -> f.min(18))
                        .number("price", "Computed price", f -> f.computed())
                        .object(
                                "meta",
                                "Details",
                                StateSchema.builder()
                                        .string("source", "Where the user came from", f -> f.optional())
                                        .string("token", "Computed token", f -> f.computed())
                                        .build())
                        .string("note", "Note")
                        .build())
                .ask("ask_age", a -> a.question("age", "Age?"))
                .action("price", ctx -> Patch.of("price", 2 * ctx.state().getInt("age"))
                        .with("meta.token", "t1"))
                .ask("ask_note", a -> a.question("note", "Note?"))
                .edge(Flow.START, "ask_age")
                .edge("ask_age", "price")
                .edge("price", "ask_note")
                .edge("ask_note", Flow.END)
                .build();
    }

    @Test
    void computedFieldsAreLeftOutOfTheUpdatesSchemaAtAnyDepth() {
        JsonNode updates = priced().schema().updatesJsonSchema(true).get("properties");
        assertFalse(updates.has("price"), updates.toString());
        assertTrue(updates.has("age"));
        assertFalse(updates.get("meta").get("properties").has("token"), updates.toString());
        assertTrue(updates.get("meta").get("properties").has("source"));
        JsonNode full = priced().schema().partialJsonSchema(false).get("properties");
        assertTrue(full.get("price").get("readOnly").asBoolean(), "the full schema marks it read-only: " + full);
    }

    @Test
    void aCallSettingAComputedFieldIsRefusedAndSavesNothing() {
        FlowTester t = FlowTester.of(priced());
        t.start(Map.of("age", 30));
        assertEquals(60, t.state().orElseThrow().getInt("price"));
        for (Map<String, ?> forged : java.util.List.<Map<String, ?>>of(
                Map.of("note", "hi", "price", 1),
                Map.of("note", "hi", "price", "1"),
                Map.of("note", "hi", "meta.token", "forged"),
                Map.of("note", "hi", "meta", Map.of("token", "forged")),
                Map.of("note", "hi", "price", tools.jackson.databind.node.NullNode.getInstance()))) {
            FlowResponse r = t.continueWith(forged);
            assertEquals("error", r.status(), forged + " was accepted: " + r.toJson(false));
            assertEquals(ErrorCode.INVALID_INPUT, ((FlowResponse.Failed) r).code());
            assertEquals(60, t.state().orElseThrow().getInt("price"), "nothing saved");
            assertEquals("t1", t.state().orElseThrow().getString("meta.token"));
        }
        FlowResponse reset = t.reset(Map.of("price", 5));
        assertEquals("error", reset.status(), "reset may not set it either");
        assertEquals("complete", t.continueWith(Map.of("note", "hi")).status());
    }

    @Test
    void askingAComputedFieldIsADefinitionError() {
        assertThrows(FlowDefinitionException.class, () -> Flow.builder("bad")
                .description("asks what it computes")
                .state(StateSchema.builder()
                        .number("price", "Price", f -> f.computed())
                        .build())
                .ask("ask", a -> a.question("price", "Price?"))
                .edge(Flow.START, "ask")
                .edge("ask", Flow.END)
                .build());
    }
}
