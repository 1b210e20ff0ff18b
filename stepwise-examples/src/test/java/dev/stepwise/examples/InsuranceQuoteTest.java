package dev.stepwise.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.FlowTester;
import dev.stepwise.flow.Flow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InsuranceQuoteTest {

    @Test
    void walksTheBenchmarkWorkloadToCompletion() {
        FlowTester t = FlowTester.of(InsuranceQuote.flow());
        FlowResponse r = t.start(Map.of());
        assertEquals("interrupt", r.status(), r.toJson(true).toString());
        assertEquals(2, r.toJson(false).get("questions").size());
        r = t.continueWith(Map.of("name", "Ada Lovelace", "email", "Ada@Example.com"));
        assertEquals("interrupt", r.status(), r.toJson(true).toString());
        assertEquals("age", r.toJson(false).get("field").asString());
        r = t.continueWith(Map.of("age", "34"));
        assertEquals("widget", r.status(), r.toJson(true).toString());
        assertEquals("show_plan_picker", r.toJson(false).get("tool").asString());
        r = t.continueWith(Map.of("plan", "Standard"));
        assertEquals("complete", r.status(), r.toJson(true).toString());
        var result = r.toJson(false).get("result");
        assertEquals("standard", result.get("plan").asString());
        assertEquals("ada@example.com", result.get("email").asString());
        assertTrue(result.get("quoteId").asString().startsWith("Q-"));
    }

    @Test
    void supportTriageLoopsThroughStepsThenOpensATicket() {
        FlowTester t = FlowTester.of(SupportTriage.flow());
        FlowResponse r = t.start(Map.of("category", "technical", "summary", "The app crashes on start"));
        assertEquals("interrupt", r.status(), r.toJson(true).toString());
        assertTrue(r.toJson(false).get("question").asString().startsWith("Restart the app"));
        r = t.continueWith(Map.of("solved", "no"));
        assertTrue(
                r.toJson(false).get("question").asString().startsWith("Sign out"),
                r.toJson(false).toString());
        r = t.continueWith(Map.of("solved", false));
        r = t.continueWith(Map.of("solved", false));
        assertEquals("complete", r.status(), r.toJson(true).toString());
        assertEquals("ticket", r.toJson(false).get("result").get("resolution").asString());
        assertEquals(3, r.toJson(false).get("result").get("steps").asInt());
    }

    private static FlowTester atAge() {
        FlowTester t = FlowTester.of(InsuranceQuote.flow());
        t.start(Map.of("name", "Ada Lovelace", "email", "ada@example.com"));
        return t;
    }

    @Test
    void everyAgeSuggestionIsAnAcceptedAnswer() {
        JsonNode asked = atAge().continueWith(Map.of()).toJson(false);
        assertEquals("age", asked.get("field").asString(), asked.toString());
        assertTrue(asked.has("suggestions"), asked.toString());
        for (JsonNode suggestion : asked.get("suggestions")) {
            FlowResponse r = atAge().continueWith(Map.of("age", suggestion.asString()));
            assertEquals("widget", r.status(), "suggestion " + suggestion + " was refused: " + r.toJson(false));
        }
    }

    @Test
    void theSchemaMinimumIsTheValidatorsMinimum() {
        Flow flow = InsuranceQuote.flow();
        JsonNode age = flow.schema().updatesJsonSchema(false).get("properties").get("age");
        int minimum = age.get("minimum").asInt();
        assertEquals("integer", age.get("type").asString(), "the published stateUpdates schema types age as integer");
        FlowResponse below = atAge().continueWith(Map.of("age", minimum - 1));
        assertEquals("interrupt", below.status(), "one below the published minimum is refused");
        assertTrue(
                below.toJson(false).get("context").asString().startsWith("ERROR:"),
                below.toJson(false).toString());
        FlowResponse at = atAge().continueWith(Map.of("age", minimum));
        assertEquals("widget", at.status(), "the published minimum is accepted: " + at.toJson(false));
        // the contract's fieldSchema has no integer type: an integer field shows as number
        assertEquals("number", flow.schema().hint("age").get("type").asString());
    }

    @Test
    void computedFieldsAreNotPublishedAndCannotBeSent() {
        Flow flow = InsuranceQuote.flow();
        JsonNode published = flow.schema().updatesJsonSchema(true).get("properties");
        for (String computed : List.of("premium", "quoteId", "ageBand")) {
            assertFalse(published.has(computed), computed + " is in the published stateUpdates schema");
        }
        FlowTester t = atAge();
        FlowResponse widget = t.continueWith(Map.of("age", 34));
        assertEquals("widget", widget.status());
        double quoted = widget.toJson(false)
                .get("data")
                .get("plans")
                .get(1)
                .get("monthly")
                .asDouble();
        FlowResponse forged = t.continueWith(Map.of("plan", "premium", "premium", 0.01));
        assertEquals("error", forged.status(), "a forged premium was accepted: " + forged.toJson(false));
        assertEquals("INVALID_INPUT", forged.toJson(false).get("code").asString());
        FlowResponse done = t.continueWith(Map.of("plan", "premium"));
        assertEquals("complete", done.status(), done.toJson(false).toString());
        assertEquals(quoted, done.toJson(false).get("result").get("premium").asDouble(), "the computed premium");
    }

    @Test
    void supportTriageComputedFieldsCannotBeSent() {
        FlowTester t = FlowTester.of(SupportTriage.flow());
        FlowResponse r = t.start(Map.of("category", "other", "summary", "x", "resolution", "solved"));
        assertEquals("error", r.status(), r.toJson(false).toString());
        assertEquals("INVALID_INPUT", r.toJson(false).get("code").asString());
    }
}
