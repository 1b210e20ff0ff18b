package dev.stepwise.server;

import static dev.stepwise.server.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.json.Json;
import dev.stepwise.mcp.FlowTools;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The server over real HTTP with MCP sessions ({@code --mcp-sessions}), driven by the MCP SDK's own
 * client: the transport session is the flow session's fallback. The default stateless mode is
 * covered by {@link StatelessEndToEndTest}.
 */
class McpEndToEndTest {

    @TempDir
    Path dir;

    private TestServer server;
    private McpSyncClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String sqlite() {
        return "sqlite:" + dir.resolve("stepwise.db");
    }

    private McpSyncClient connect(String storeUri) {
        server = TestServer.start(
                storeUri,
                null,
                null,
                ServingLimits.defaults(),
                new HttpServer.McpSessions(true, 100, Duration.ofMinutes(10)));
        client = server.client();
        return client;
    }

    @Test
    void listsOneToolPerFlowWithTheContractSchemasAndTheWidgetTool() {
        connect("memory:");
        Map<String, McpSchema.Tool> tools =
                client.listTools().tools().stream().collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
        assertEquals(Set.of("insurance_quote", "support_triage", "show_plan_picker"), tools.keySet());

        McpSchema.Tool quote = tools.get("insurance_quote");
        assertEquals("Car insurance quote", quote.title());
        assertTrue(quote.description().startsWith(InsuranceQuote.flow().description()), quote.description());
        assertTrue(
                quote.description().contains("sessionId") && quote.description().contains("ERROR:"));
        for (McpSchema.Tool tool : tools.values()) {
            assertTrue(
                    tool.description().length() < 1_500,
                    tool.name() + " description is " + tool.description().length() + " chars");
        }
        JsonNode input = Json.mapper().valueToTree(quote.inputSchema());
        assertEquals("action", input.path("required").get(0).asString());
        JsonNode age =
                input.path("properties").path("stateUpdates").path("properties").path("age");
        assertTrue(age.path("type").toString().contains("string"), "age accepts \"34\": " + age);
        assertEquals(
                Json.mapper().valueToTree(FlowTools.outputSchema()),
                Json.mapper().valueToTree(quote.outputSchema()));

        McpSchema.Tool picker = tools.get("show_plan_picker");
        JsonNode meta = Json.mapper().valueToTree(picker.meta());
        assertEquals(
                "ui://stepwise/show_plan_picker.html",
                meta.path("ui").path("resourceUri").asString());
        assertEquals(
                "ui://stepwise/show_plan_picker.skybridge.html",
                meta.path("openai/outputTemplate").asString());
    }

    @Test
    void widgetTemplatesAreServedAsUiResourcesForBothHosts() {
        connect("memory:");
        Map<String, McpSchema.Resource> resources =
                client.listResources().resources().stream().collect(Collectors.toMap(McpSchema.Resource::uri, r -> r));
        assertEquals(
                "text/html;profile=mcp-app",
                resources.get("ui://stepwise/show_plan_picker.html").mimeType());
        assertEquals(
                "text/html+skybridge",
                resources.get("ui://stepwise/show_plan_picker.skybridge.html").mimeType());
        McpSchema.ReadResourceResult read =
                client.readResource(new McpSchema.ReadResourceRequest("ui://stepwise/show_plan_picker.html"));
        McpSchema.TextResourceContents html =
                (McpSchema.TextResourceContents) read.contents().get(0);
        assertTrue(html.text().contains("window.openai") && html.text().contains("ui/notifications/tool-result"));

        McpSchema.CallToolResult shown = client.callTool(new McpSchema.CallToolRequest(
                "show_plan_picker", Map.of("plans", List.of(Map.of("id", "basic", "monthly", 24.5)))));
        assertFalse(Boolean.TRUE.equals(shown.isError()));
        assertEquals(Map.of("plans", List.of(Map.of("id", "basic", "monthly", 24.5))), shown.structuredContent());
    }

    @Test
    void drivesInsuranceQuoteToCompleteAcrossARestartOnANewMcpSession() {
        connect(sqlite());
        JsonNode first = call(client, "insurance_quote", "{\"action\":\"start\",\"intent\":\"car insurance\"}");
        assertEquals("interrupt", first.path("status").asString());
        assertEquals(List.of("name", "email"), fields(first.path("questions")));
        String sessionId = first.path("sessionId").asString();
        assertFalse(sessionId.isEmpty(), "a session id not from _meta is echoed: " + first);

        JsonNode second = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"stateUpdates\":{\"name\":\"Ada Lovelace\",\"email\":\"Ada@Example.org\"}}");
        assertEquals("age", second.path("field").asString(), second.toString());
        assertEquals(sessionId, second.path("sessionId").asString());

        client.close();
        client = null;
        server.close();
        server = null;

        connect(sqlite());
        JsonNode widget = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"sessionId\":\"" + sessionId + "\",\"stateUpdates\":{\"age\":\"34\"}}");
        assertEquals("widget", widget.path("status").asString(), widget.toString());
        assertEquals("show_plan_picker", widget.path("tool").asString());
        assertEquals("plan", widget.path("field").asString());
        assertEquals(
                35.0, widget.path("data").path("plans").get(1).path("monthly").asDouble());
        assertEquals(sessionId, widget.path("sessionId").asString());

        McpSchema.CallToolResult done = client.callTool(new McpSchema.CallToolRequest(
                "insurance_quote",
                Map.of("action", "continue", "sessionId", sessionId, "stateUpdates", Map.of("plan", "standard"))));
        JsonNode complete = Calls.check(done, "insurance_quote");
        assertEquals("complete", complete.path("status").asString(), complete.toString());
        JsonNode result = complete.path("result");
        assertEquals("standard", result.path("plan").asString());
        assertEquals("ada@example.org", result.path("email").asString());
        assertEquals(35.0, result.path("premium").asDouble());
        assertTrue(result.path("quoteId").asString().startsWith("Q-"), result.toString());
        assertEquals(List.of("show_plans", "finalize"), Calls.visited(done));

        JsonNode after = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"sessionId\":\"" + sessionId + "\",\"stateUpdates\":{\"plan\":\"basic\"}}");
        assertEquals("FLOW_COMPLETED", after.path("code").asString(), after.toString());
    }

    @Test
    void twoFlowsInOneMcpSessionKeepTheirOwnState() {
        connect("memory:");
        JsonNode quote = call(client, "insurance_quote", "{\"action\":\"start\"}");
        JsonNode triage = call(client, "support_triage", "{\"action\":\"start\"}");
        assertEquals("interrupt", quote.path("status").asString());
        assertEquals(List.of("category", "summary"), fields(triage.path("questions")));

        JsonNode step = call(
                client,
                "support_triage",
                "{\"action\":\"continue\",\"stateUpdates\":"
                        + "{\"category\":\"technical\",\"summary\":\"The app crashes on start.\"}}");
        assertEquals("solved", step.path("field").asString(), step.toString());
        assertTrue(step.path("question").asString().startsWith("Restart the app"), step.toString());

        JsonNode age = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"stateUpdates\":"
                        + "{\"name\":\"Grace Hopper\",\"email\":\"grace@example.org\"}}");
        assertEquals("age", age.path("field").asString(), age.toString());

        JsonNode solved =
                call(client, "support_triage", "{\"action\":\"continue\",\"stateUpdates\":{\"solved\":\"true\"}}");
        assertEquals("complete", solved.path("status").asString(), solved.toString());
        assertEquals("solved", solved.path("result").path("resolution").asString());

        JsonNode stillAsking = call(client, "insurance_quote", "{\"action\":\"start\"}");
        assertEquals("age", stillAsking.path("field").asString(), "start resumes the live session: " + stillAsking);
    }

    @Test
    void aSessionIdInMetaWinsAndIsNotEchoed() {
        connect("memory:");
        String conversation = "conv-" + UUID.randomUUID();
        Map<String, Object> meta = Map.of("openai/sessionId", conversation);
        JsonNode first = call(client, "insurance_quote", "{\"action\":\"start\"}", meta);
        assertEquals("interrupt", first.path("status").asString());
        assertTrue(first.path("sessionId").isMissingNode(), "an id from _meta is not echoed: " + first);

        JsonNode second = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"sessionId\":\"ignored\","
                        + "\"stateUpdates\":{\"name\":\"Ada\",\"email\":\"ada@example.org\"}}",
                meta);
        assertEquals("age", second.path("field").asString(), second.toString());

        JsonNode other = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"stateUpdates\":{\"age\":40}}",
                Map.of("waniwani/sessionId", "another-" + UUID.randomUUID(), "openai/sessionId", conversation));
        assertEquals(
                "SESSION_NOT_FOUND",
                other.path("code").asString(),
                "waniwani/sessionId comes before openai/sessionId: " + other);
    }

    @Test
    void wronglyTypedInputComesBackInTheFlowContract() {
        connect("memory:");
        JsonNode badUpdates = call(client, "insurance_quote", "{\"action\":\"start\",\"stateUpdates\":\"Ada\"}");
        assertEquals("INVALID_INPUT", badUpdates.path("code").asString(), badUpdates.toString());
        JsonNode badAction = call(client, "insurance_quote", "{\"action\":5}");
        assertEquals("INVALID_INPUT", badAction.path("code").asString(), badAction.toString());
        JsonNode unknown = call(client, "insurance_quote", "{\"action\":\"start\",\"name\":\"Ada\"}");
        assertEquals("INVALID_INPUT", unknown.path("code").asString(), unknown.toString());
        assertTrue(unknown.path("error").asString().contains("stateUpdates"), unknown.toString());

        call(
                client,
                "insurance_quote",
                "{\"action\":\"start\",\"stateUpdates\":{\"name\":\"Ada\",\"email\":\"ada@example.org\"}}");
        JsonNode reask =
                call(client, "insurance_quote", "{\"action\":\"continue\",\"stateUpdates\":{\"age\":\"old\"}}");
        assertEquals("interrupt", reask.path("status").asString(), reask.toString());
        assertEquals("age", reask.path("field").asString());
        assertTrue(reask.path("context").asString().startsWith("ERROR:"), reask.toString());
        JsonNode young = call(client, "insurance_quote", "{\"action\":\"continue\",\"stateUpdates\":{\"age\":\"17\"}}");
        assertTrue(young.path("context").asString().startsWith("ERROR:"), young.toString());

        JsonNode widget =
                call(client, "insurance_quote", "{\"action\":\"continue\",\"stateUpdates\":{\"age\":\"34\"}}");
        assertEquals("widget", widget.path("status").asString(), "\"34\" is coerced: " + widget);
    }

    @Test
    void anUnknownSessionIsAFlowErrorNotAProtocolError() {
        connect("memory:");
        JsonNode missing = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"sessionId\":\"no-such-session\",\"stateUpdates\":{\"age\":30}}");
        assertEquals("error", missing.path("status").asString());
        assertEquals("SESSION_NOT_FOUND", missing.path("code").asString());
        assertFalse(missing.path("retryable").asBoolean());
        assertEquals("no-such-session", missing.path("sessionId").asString());
        assertNotNull(missing.path("error").asString());
        assertNotEquals("", missing.path("error").asString());
    }

    private static List<String> fields(JsonNode questions) {
        List<String> fields = new ArrayList<>();
        questions.forEach(q -> fields.add(q.path("field").asString()));
        return fields;
    }
}
