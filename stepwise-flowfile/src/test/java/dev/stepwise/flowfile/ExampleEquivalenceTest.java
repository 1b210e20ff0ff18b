package dev.stepwise.flowfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.FlowTester;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.examples.SupportTriage;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.json.Json;
import dev.stepwise.mcp.FlowTools;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The bundled examples as flow files define the same MCP tool and give the same answers as the Java flows. */
class ExampleEquivalenceTest {

    /** The two Java actions the examples' files name: the same code as the Java flows' nodes. */
    static final ActionRegistry ACTIONS = ActionRegistry.empty()
            .with(
                    "issue_quote_id",
                    ctx -> Patch.of(
                            "quoteId",
                            ctx.once(
                                            "quote-id",
                                            () -> "Q-"
                                                    + Integer.toHexString(ctx.idempotencyKey("quote")
                                                                    .hashCode())
                                                            .toUpperCase(Locale.ROOT))
                                    .asString()))
            .with("open_ticket", ctx -> Patch.of(
                            "ticketId",
                            ctx.once(
                                            "ticket",
                                            () -> "T-"
                                                    + Math.abs(ctx.idempotencyKey("ticket")
                                                            .hashCode()))
                                    .asString())
                    .with("resolution", "ticket"));

    static Flow file(String name) throws Exception {
        try (InputStream in = ExampleEquivalenceTest.class.getResourceAsStream("/flows/" + name)) {
            return FlowFiles.with(ACTIONS, WebhookSettings.none()).load(name, in);
        }
    }

    @Test
    void insuranceQuoteDefinesTheSameTool() throws Exception {
        sameTool(InsuranceQuote.flow(), file("insurance_quote.yaml"));
    }

    @Test
    void supportTriageDefinesTheSameTool() throws Exception {
        sameTool(SupportTriage.flow(), file("support_triage.json"));
    }

    private static void sameTool(Flow java, Flow file) {
        assertEquals(FlowTools.description(java), FlowTools.description(file));
        assertEquals(
                Json.mapper().valueToTree(FlowTools.inputSchema(java)),
                Json.mapper().valueToTree(FlowTools.inputSchema(file)));
        assertEquals(
                Json.mapper().valueToTree(FlowTools.outputSchema()),
                Json.mapper().valueToTree(FlowTools.outputSchema()));
        assertEquals(java.graphHash(), file.graphHash(), "same graph: nodes, kinds, edges, asked fields, schema");
        assertEquals(java.loopLimit(), file.loopLimit());
        assertEquals(java.sessionTtl(), file.sessionTtl());
    }

    @Test
    void insuranceQuoteAnswersTheSame() throws Exception {
        List<Map<String, ?>> young = List.of(
                Map.of(),
                Map.of("name", "Ada Lovelace", "email", "Ada@Example.invalid"),
                Map.of("email", " Ada@Example.com "),
                Map.of("age", "17"),
                Map.of("age", "22"),
                Map.of("plan", "Premium"));
        sameAnswers(InsuranceQuote.flow(), file("insurance_quote.yaml"), young);
        List<Map<String, ?>> senior =
                List.of(Map.of("name", "Grace", "email", "grace@example.com", "age", 70), Map.of("plan", "basic"));
        sameAnswers(InsuranceQuote.flow(), file("insurance_quote.yaml"), senior);
        List<Map<String, ?>> adult = List.of(
                Map.of("name", "Alan", "email", "alan@example.com"), Map.of("age", 40.0), Map.of("plan", "standard"));
        sameAnswers(InsuranceQuote.flow(), file("insurance_quote.yaml"), adult);
    }

    @Test
    void supportTriageAnswersTheSame() throws Exception {
        sameAnswers(
                SupportTriage.flow(),
                file("support_triage.json"),
                List.of(
                        Map.of("category", "technical", "summary", "The app crashes"),
                        Map.of("solved", "no"),
                        Map.of("solved", false),
                        Map.of("solved", false)));
        sameAnswers(
                SupportTriage.flow(),
                file("support_triage.json"),
                List.of(Map.of("category", "Technical", "summary", "Crash"), Map.of("solved", "yes")));
        sameAnswers(
                SupportTriage.flow(),
                file("support_triage.json"),
                List.of(
                        Map.of("category", "billing", "summary", "Charged twice"),
                        Map.of("invoice", "12"),
                        Map.of("invoice", "INV-12345")));
        sameAnswers(
                SupportTriage.flow(),
                file("support_triage.json"),
                List.of(Map.of("category", "other", "summary", "Hello")));
    }

    private static void sameAnswers(Flow java, Flow file, List<Map<String, ?>> turns) {
        FlowTester a = FlowTester.of(java);
        FlowTester b = FlowTester.of(file);
        for (int i = 0; i < turns.size(); i++) {
            FlowResponse ra = i == 0 ? a.start(turns.get(i)) : a.continueWith(turns.get(i));
            FlowResponse rb = i == 0 ? b.start(turns.get(i)) : b.continueWith(turns.get(i));
            JsonNode ja = normalize(ra.toJson(true), a.sessionId());
            JsonNode jb = normalize(rb.toJson(true), b.sessionId());
            assertTrue(
                    ja.equals(ExampleEquivalenceTest::sameValue, jb),
                    "turn " + i + " differs:\njava: " + ja + "\nfile: " + jb);
        }
    }

    /** Numbers compare by value (a Java double 56.0 and CEL's 56.0 as a decimal are one answer). */
    private static int sameValue(JsonNode x, JsonNode y) {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    }

    /** Masks what differs between any two sessions: the session id and ids derived from the run id. */
    private static JsonNode normalize(JsonNode node, String sessionId) {
        JsonNode copy = node.deepCopy();
        mask(copy, sessionId);
        return copy;
    }

    private static void mask(JsonNode node, String sessionId) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(name);
                if (value.isString() && value.asString().equals(sessionId)) {
                    object.put(name, "<session>");
                } else if ((name.equals("quoteId") || name.equals("ticketId")) && value.isString()) {
                    object.put(name, value.asString().substring(0, 2) + "<id>");
                } else {
                    mask(value, sessionId);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(item -> mask(item, sessionId));
        }
    }
}
