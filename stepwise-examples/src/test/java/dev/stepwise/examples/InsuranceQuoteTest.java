package dev.stepwise.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.FlowTester;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertTrue(r.toJson(false).get("question").asString().startsWith("Sign out"), r.toJson(false).toString());
        r = t.continueWith(Map.of("solved", false));
        r = t.continueWith(Map.of("solved", false));
        assertEquals("complete", r.status(), r.toJson(true).toString());
        assertEquals("ticket", r.toJson(false).get("result").get("resolution").asString());
        assertEquals(3, r.toJson(false).get("result").get("steps").asInt());
    }
}
