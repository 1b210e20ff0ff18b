package dev.stepwise.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.Visit;
import dev.stepwise.json.Json;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link FlowToolResult#write} serialises the response once and copies it raw into
 * {@code structuredContent} and escaped into the text block: what it writes must parse to exactly
 * {@link FlowToolResult#toTree}, whatever the response's strings hold.
 */
class FlowToolResultTest {

    /** Strings that need escaping in JSON, and some that must pass through as they are. */
    private static final List<String> AWKWARD = List.of(
            "plain",
            "",
            "quote \" and backslash \\ and both \\\"",
            "a JSON text: {\"a\":[1,\"b\\\\\"]}",
            "controls \n\r\t\b\f\u0000\u001f and DEL \u007f",
            "line and paragraph separators \u2028\u2029",
            "non-ASCII é ß 中文 and an emoji 😀 (a surrogate pair)",
            "an escaped-looking text \\u0041 \\n");

    @Test
    void writtenResultsParseToTheirTree() {
        Instant at = Instant.parse("2026-12-07T01:02:03.456789Z");
        for (String awkward : AWKWARD) {
            ObjectNode result = Json.object();
            result.put("note", awkward);
            result.put(awkward, awkward);
            result.put("exact", new BigDecimal("12345678901234567890.000000000000000001"));
            result.putArray("list").add(awkward).add(1.5).addNull().add(true);
            List<FlowResponse> responses = List.of(
                    new FlowResponse.Complete(meta(awkward, "1.0", at), result, false),
                    new FlowResponse.Complete(meta("quote", null, at), null, true),
                    new FlowResponse.Failed(meta("quote", null, at), ErrorCode.INVALID_INPUT, awkward));
            for (FlowResponse response : responses) {
                for (boolean echo : new boolean[] {true, false}) {
                    FlowToolResult tool = new FlowToolResult(response, echo);
                    JsonNode written = Json.parse(written(tool));
                    assertEquals(reparsed(tool.toTree()), written, awkward);
                    assertEquals(
                            written.path("structuredContent"),
                            Json.parse(
                                    written.path("content").path(0).path("text").asString()),
                            "the text block holds the structured content");
                }
            }
        }
    }

    @Test
    void theResultIsOneValueOfTheEnclosingDocument() {
        FlowToolResult tool =
                new FlowToolResult(new FlowResponse.Complete(meta("f", "2", Instant.EPOCH), null, false), true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.mapper().createGenerator(out)) {
            g.writeStartObject();
            g.writeName("before");
            g.writeNumber(1);
            g.writeName("result");
            tool.write(g);
            g.writeName("after");
            g.writeNumber(2);
            g.writeEndObject();
        }
        JsonNode document = Json.parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(reparsed(tool.toTree()), document.path("result"));
        assertEquals(2, document.path("after").intValue());
    }

    @Test
    void changingATreeAResultGaveChangesNothingItGivesOrWritesLater() {
        ObjectNode answer = Json.object();
        answer.put("quote", "Q-1");
        FlowToolResult tool =
                new FlowToolResult(new FlowResponse.Complete(meta("f", "1", Instant.EPOCH), answer, false), true);
        JsonNode before = reparsed(tool.toTree());
        ObjectNode given = tool.toTree();
        ((ObjectNode) given.path("structuredContent")).put("status", "tampered");
        ((ObjectNode) given.path("_meta").path("stepwise/flow")).put("flowId", "tampered");
        assertEquals(before, reparsed(tool.toTree()));
        assertEquals(before, Json.parse(written(tool)));
    }

    private static FlowResponse.Meta meta(String flowId, String version, Instant at) {
        return new FlowResponse.Meta(
                flowId, version, "s-\"1\"", List.of(new Visit("ask \"x\"", at), new Visit("end", at)));
    }

    /** The tree as it reads back from JSON (a parsed tree holds its numbers as parsing makes them). */
    private static JsonNode reparsed(JsonNode tree) {
        return Json.parse(Json.text(tree));
    }

    private static String written(FlowToolResult tool) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.mapper().createGenerator(out)) {
            tool.write(g);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
