package dev.stepwise.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The example application on a real port, driven as a host would: the MCP Java SDK client over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InsuranceQuoteApplicationTest {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("stepwise.store.uri", () -> "sqlite:" + dir.resolve("quotes.db"));
    }

    @LocalServerPort
    int port;

    private McpSyncClient client;

    @BeforeEach
    void connect() {
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
    }

    @AfterEach
    void close() {
        client.closeGracefully();
    }

    @Test
    void servesInsuranceQuoteAndItsPlanPicker() {
        List<String> tools = client.listTools().tools().stream()
                .map(McpSchema.Tool::name)
                .sorted()
                .toList();
        assertEquals(List.of("insurance_quote", "show_plan_picker"), tools);
    }

    @Test
    void aQuoteIsCompletedAndStoredInSqlite() throws Exception {
        JsonNode first = call(Map.of("action", "start", "intent", "car insurance"));
        assertEquals("interrupt", first.path("status").asString(), first.toString());
        String sessionId = first.path("sessionId").asString();
        assertFalse(sessionId.isEmpty(), first.toString());

        JsonNode age = call(Map.of(
                "action",
                "continue",
                "sessionId",
                sessionId,
                "stateUpdates",
                Map.of("name", "Grace Hopper", "email", "grace@example.org")));
        assertEquals("age", age.path("field").asString(), age.toString());

        JsonNode plans = call(Map.of("action", "continue", "sessionId", sessionId, "stateUpdates", Map.of("age", 67)));
        assertEquals("widget", plans.path("status").asString(), plans.toString());
        assertEquals(
                45.5, plans.path("data").path("plans").get(1).path("monthly").asDouble(), plans.toString());

        JsonNode done =
                call(Map.of("action", "continue", "sessionId", sessionId, "stateUpdates", Map.of("plan", "premium")));
        assertEquals("complete", done.path("status").asString(), done.toString());
        assertEquals("premium", done.path("result").path("plan").asString());
        assertTrue(done.path("result").path("quoteId").asString().startsWith("Q-"), done.toString());
        assertTrue(Files.size(dir.resolve("quotes.db")) > 0);

        HttpResponse<String> health = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals(
                "UP",
                Json.parse(health.body())
                        .path("components")
                        .path("stepwise")
                        .path("status")
                        .asString());
    }

    private JsonNode call(Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("insurance_quote")
                .arguments(arguments)
                .build());
        JsonNode structured = Json.mapper().valueToTree(result.structuredContent());
        assertEquals("error".equals(structured.path("status").asString()), Boolean.TRUE.equals(result.isError()));
        return structured;
    }
}
