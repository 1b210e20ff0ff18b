package dev.stepwise.spring;

import static dev.stepwise.spring.McpCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.SessionQuery;
import dev.stepwise.engine.SessionSummary;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.json.Json;
import dev.stepwise.mcp.FlowTools;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The starter inside a real application on a real port, driven by the MCP Java SDK's client over
 * streamable HTTP: the flow beans are tools with the contract of {@code stepwise serve}.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.ai.mcp.server.protocol=STREAMABLE")
class StarterMcpServerTest {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("stepwise.store.uri", () -> "sqlite:" + dir.resolve("sessions.db"));
    }

    @LocalServerPort
    int port;

    @Autowired
    FlowEngine engine;

    private McpSyncClient client;

    @BeforeEach
    void connect() {
        client = McpCalls.connect(port);
    }

    @AfterEach
    void close() {
        client.closeGracefully();
    }

    @Test
    void listsOneToolPerFlowBeanAndTheWidgetToolWithTheContractSchemas() {
        Map<String, McpSchema.Tool> tools =
                client.listTools().tools().stream().collect(Collectors.toMap(McpSchema.Tool::name, t -> t));
        assertEquals(
                Set.of("insurance_quote", "support_triage", "greeting", "show_plan_picker", "ping"), tools.keySet());
        assertEquals(
                "Use the flow tools to help the user.",
                client.getServerInstructions(),
                "the application's own customizer ran");

        McpSchema.Tool quote = tools.get("insurance_quote");
        assertEquals("Car insurance quote", quote.title());
        assertEquals(FlowTools.description(InsuranceQuote.flow()), quote.description());
        // compared as text: the client reads 18 as a double, the schema holds a BigDecimal
        assertEquals(
                Json.mapper()
                        .valueToTree(FlowTools.inputSchema(InsuranceQuote.flow()))
                        .toString(),
                Json.mapper().valueToTree(quote.inputSchema()).toString());
        assertEquals(
                Json.mapper().valueToTree(FlowTools.outputSchema()).toString(),
                Json.mapper().valueToTree(quote.outputSchema()).toString());

        Set<String> resources = client.listResources().resources().stream()
                .map(McpSchema.Resource::uri)
                .collect(Collectors.toSet());
        assertEquals(
                Set.of("ui://stepwise/show_plan_picker.html", "ui://stepwise/show_plan_picker.skybridge.html"),
                resources);
        McpSchema.TextResourceContents html = (McpSchema.TextResourceContents)
                client.readResource(McpSchema.ReadResourceRequest.builder("ui://stepwise/show_plan_picker.html")
                                .build())
                        .contents()
                        .get(0);
        assertTrue(html.text().contains("ui/notifications/tool-result"), "the examples' own widget HTML");
    }

    @Test
    void drivesInsuranceQuoteToCompletionOnSqlite() {
        JsonNode first = call(client, "insurance_quote", "{\"action\":\"start\"}");
        assertEquals("interrupt", first.path("status").asString(), first.toString());
        String sessionId = first.path("sessionId").asString();
        assertFalse(sessionId.isEmpty(), "a session id not from _meta is echoed: " + first);

        JsonNode age = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"stateUpdates\":{\"name\":\"Ada Lovelace\",\"email\":\"Ada@Example.org\"}}");
        assertEquals("age", age.path("field").asString(), "the MCP session carries the flow session: " + age);
        assertEquals(sessionId, age.path("sessionId").asString());

        JsonNode widget = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"sessionId\":\"" + sessionId + "\",\"stateUpdates\":{\"age\":\"34\"}}");
        assertEquals("widget", widget.path("status").asString(), widget.toString());
        assertEquals("show_plan_picker", widget.path("tool").asString());

        JsonNode done = call(
                client,
                "insurance_quote",
                "{\"action\":\"continue\",\"sessionId\":\"" + sessionId
                        + "\",\"stateUpdates\":{\"plan\":\"standard\"}}");
        assertEquals("complete", done.path("status").asString(), done.toString());
        assertEquals("standard", done.path("result").path("plan").asString());
        assertEquals("ada@example.org", done.path("result").path("email").asString());
        assertTrue(done.path("result").path("quoteId").asString().startsWith("Q-"), done.toString());
    }

    @Test
    void aSessionIdFromMetaWinsAndIsNotEchoedAndTheUserIdReachesTheEngine() {
        Map<String, Object> meta = Map.of("openai/sessionId", "conv-42", "stepwise/userId", "user-7");
        JsonNode first = call(client, "greeting", "{\"action\":\"start\"}", meta);
        assertEquals("interrupt", first.path("status").asString(), first.toString());
        assertTrue(first.path("sessionId").isMissingNode(), "a _meta session id is not echoed: " + first);
        List<SessionSummary> mine = engine.sessions()
                .list(SessionQuery.all(10).flow("greeting").user("user-7"))
                .sessions();
        assertEquals(
                List.of("conv-42"), mine.stream().map(SessionSummary::sessionId).toList());

        JsonNode done = call(client, "greeting", "{\"action\":\"continue\",\"stateUpdates\":{\"name\":\"Ada\"}}", meta);
        assertEquals("complete", done.path("status").asString(), done.toString());
        assertEquals("Welcome, Ada!", done.path("result").asString(), "the action bean ran with its dependency");
    }

    @Test
    void argumentsTheSchemaRefusesReachTheEngineAndAreAnsweredInTheFlowContract() {
        JsonNode answer = call(client, "greeting", "{\"action\":42}");
        assertEquals("error", answer.path("status").asString(), answer.toString());
        assertEquals("INVALID_INPUT", answer.path("code").asString(), answer.toString());
        assertFalse(answer.path("error").asString().isEmpty(), answer.toString());
    }

    @Test
    void twoClientsGetTwoSessions() {
        McpSyncClient other = McpCalls.connect(port);
        try {
            String one = call(client, "greeting", "{\"action\":\"start\"}")
                    .path("sessionId")
                    .asString();
            String two = call(other, "greeting", "{\"action\":\"start\"}")
                    .path("sessionId")
                    .asString();
            assertNotEquals(one, two);
        } finally {
            other.closeGracefully();
        }
    }
}
