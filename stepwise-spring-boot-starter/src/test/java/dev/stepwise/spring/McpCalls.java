package dev.stepwise.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.stepwise.json.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The MCP Java SDK's client against the application, and flow calls checked against the contract. */
final class McpCalls {

    private McpCalls() {}

    static McpSyncClient connect(int port) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }

    static JsonNode call(McpSyncClient client, String tool, String argumentsJson) {
        return call(client, tool, argumentsJson, null);
    }

    @SuppressWarnings("unchecked")
    static JsonNode call(McpSyncClient client, String tool, String argumentsJson, Map<String, Object> meta) {
        Map<String, Object> arguments = Json.mapper().convertValue(Json.parse(argumentsJson), Map.class);
        return check(
                client.callTool(McpSchema.CallToolRequest.builder(tool)
                        .arguments(arguments)
                        .meta(meta)
                        .build()),
                tool);
    }

    /** The structured content, after checking it is also the text content and isError matches it. */
    static JsonNode check(McpSchema.CallToolResult result, String flowId) {
        assertNotNull(result.structuredContent(), "structuredContent");
        JsonNode structured = Json.mapper().valueToTree(result.structuredContent());
        McpSchema.TextContent text =
                assertInstanceOf(McpSchema.TextContent.class, result.content().get(0));
        assertEquals(
                Json.parse(text.text()).toString(), structured.toString(), "text content is the structured content");
        assertEquals(
                "error".equals(structured.path("status").asString()),
                Boolean.TRUE.equals(result.isError()),
                "isError exactly for status error: " + structured);
        JsonNode flowMeta = Json.mapper().valueToTree(result.meta().get("stepwise/flow"));
        assertEquals(flowId, flowMeta.path("flowId").asString(), "_meta stepwise/flow.flowId");
        return structured;
    }
}
