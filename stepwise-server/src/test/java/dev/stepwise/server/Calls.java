package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import dev.stepwise.mcp.FlowTools;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Calls a flow tool and checks what every flow-tool result must satisfy. */
final class Calls {

    private static final JsonSchemaValidator VALIDATOR = new DefaultJsonSchemaValidator();
    private static final Map<String, Object> OUTPUT_SCHEMA = FlowTools.outputSchema();

    /** Compares numbers by value (a double and a BigDecimal of the same value are equal). */
    private static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Calls() {}

    static ObjectNode args(String json) {
        return (ObjectNode) Json.parse(json);
    }

    static JsonNode call(McpSyncClient client, String tool, String argumentsJson) {
        return call(client, tool, argumentsJson, null);
    }

    @SuppressWarnings("unchecked")
    static JsonNode call(McpSyncClient client, String tool, String argumentsJson, Map<String, Object> meta) {
        Map<String, Object> arguments = Json.mapper().convertValue(Json.parse(argumentsJson), Map.class);
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments, meta));
        return check(result, tool);
    }

    /** Checks a flow tool result against the contract and returns its structured content. */
    static JsonNode check(McpSchema.CallToolResult result, String flowId) {
        assertNotNull(result.structuredContent(), "structuredContent");
        JsonSchemaValidator.ValidationResponse valid = VALIDATOR.validate(OUTPUT_SCHEMA, result.structuredContent());
        assertTrue(
                valid.valid(),
                () -> "output does not match the published outputSchema: " + valid.errorMessage() + "\n"
                        + result.structuredContent());
        JsonNode structured = Json.mapper().valueToTree(result.structuredContent());
        assertEquals(1, result.content().size(), "one content item");
        McpSchema.TextContent text =
                assertInstanceOf(McpSchema.TextContent.class, result.content().get(0));
        assertTrue(
                structured.equals(NUMERIC, Json.parse(text.text())),
                () -> "text content is the structured content: " + text.text() + " vs " + structured);
        boolean error = "error".equals(structured.path("status").asString());
        assertEquals(error, Boolean.TRUE.equals(result.isError()), "isError exactly for status error: " + structured);
        assertNotNull(result.meta(), "result _meta");
        JsonNode flowMeta = Json.mapper().valueToTree(result.meta().get("stepwise/flow"));
        assertEquals(flowId, flowMeta.path("flowId").asString(), "_meta stepwise/flow.flowId");
        assertTrue(flowMeta.path("nodesVisited").isArray(), "nodesVisited");
        flowMeta.path("nodesVisited").forEach(v -> {
            assertFalse(v.path("id").asString().isEmpty(), "visit id");
            assertFalse(v.path("at").asString().isEmpty(), "visit at");
        });
        return structured;
    }

    static List<String> visited(McpSchema.CallToolResult result) {
        JsonNode flowMeta = Json.mapper().valueToTree(result.meta().get("stepwise/flow"));
        List<String> ids = new ArrayList<>();
        flowMeta.path("nodesVisited").forEach(v -> ids.add(v.path("id").asString()));
        return ids;
    }
}
