package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code serve --metrics}: Prometheus text at /metrics, behind the same access rules as /mcp. */
class MetricsEndpointTest {

    private static final String TOKEN = "metrics-test-token";
    private final HttpClient http = HttpClient.newHttpClient();

    private static HttpServer start(FlowService service, String token) {
        return HttpServer.start(
                new HttpServer.Settings("127.0.0.1", 0, token, Set.of(), Duration.ofSeconds(5)), service);
    }

    private HttpResponse<String> get(HttpServer server, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static McpSyncClient client(HttpServer server) {
        McpSyncClient client = McpClient.sync(
                        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port())
                                .endpoint(HttpServer.MCP_PATH)
                                .httpRequestCustomizer((request, method, uri, body, context) ->
                                        request.header("Authorization", "Bearer " + TOKEN))
                                .build())
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }

    @Test
    void metricsParseAsPrometheusTextAndCountTheMcpCalls() throws Exception {
        try (FlowService service = new FlowService("memory:", null, FlowCatalog.load(null), true)) {
            HttpServer server = start(service, TOKEN);
            try (McpSyncClient client = client(server)) {
                JsonNode first = Calls.call(client, "insurance_quote", "{\"action\":\"start\"}");
                assertEquals("interrupt", first.path("status").asString(), first.toString());
                String sessionId = first.path("sessionId").asString();
                Calls.call(
                        client,
                        "insurance_quote",
                        "{\"action\":\"continue\",\"sessionId\":\"" + sessionId
                                + "\",\"stateUpdates\":{\"name\":\"Ada\",\"email\":\"ada@example.org\"}}");
                JsonNode missing = Calls.call(
                        client, "insurance_quote", "{\"action\":\"continue\",\"sessionId\":\"no-such-session\"}");
                assertEquals("SESSION_NOT_FOUND", missing.path("code").asString(), missing.toString());

                HttpResponse<String> response = get(server, MetricsServlet.PATH, TOKEN);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(
                        response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                        response.headers().toString());
                List<PrometheusText.Sample> samples = PrometheusText.parse(response.body());

                assertEquals(1.0, turns(samples, "start", "interrupt", "none"));
                assertEquals(1.0, turns(samples, "continue", "interrupt", "none"));
                assertEquals(1.0, turns(samples, "continue", "error", "SESSION_NOT_FOUND"));
                assertEquals(
                        1.0,
                        PrometheusText.value(
                                samples, "stepwise_sessions_started_total", Map.of("flow", "insurance_quote")));
                assertEquals(
                        0.0,
                        PrometheusText.value(
                                samples, "stepwise_turn_conflicts_total", Map.of("flow", "insurance_quote")));
                assertTrue(PrometheusText.value(
                                samples,
                                "stepwise_store_operations_seconds_count",
                                Map.of("store", "memory", "operation", "write", "outcome", "ok"))
                        >= 2);
                assertTrue(
                        samples.stream().noneMatch(s -> s.labels().containsValue(sessionId)),
                        "no session id in any label");
                assertTrue(samples.stream().anyMatch(s -> s.name().startsWith("jvm_memory_used")));
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void metricsNeedTheTokenLikeMcp() throws Exception {
        try (FlowService service = new FlowService("memory:", null, FlowCatalog.load(null), true)) {
            HttpServer server = start(service, TOKEN);
            try {
                assertEquals(401, get(server, MetricsServlet.PATH, null).statusCode());
                assertEquals(401, get(server, MetricsServlet.PATH, "wrong").statusCode());
                assertEquals(200, get(server, MetricsServlet.PATH, TOKEN).statusCode());
                HttpResponse<String> rebound = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + MetricsServlet.PATH))
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Origin", "https://evil.example")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(403, rebound.statusCode(), "a foreign browser origin is refused as on /mcp");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void withoutTheOptionThereIsNoMetricsEndpoint() throws Exception {
        try (FlowService service = new FlowService("memory:", null, FlowCatalog.load(null))) {
            HttpServer server = start(service, null);
            try {
                assertEquals(404, get(server, MetricsServlet.PATH, null).statusCode());
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void metricsOverStdioAreRefusedWithTheReason() {
        Cli refused = Cli.run("serve", "--stdio", "--metrics", "--store", "memory:");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("--metrics serves /metrics over HTTP"), refused.toString());
        assertTrue(Cli.run("serve", "--help").out().contains("--metrics"));
    }

    @Test
    void theStoreTagIsTheSchemeOnly() {
        assertEquals("postgresql", ServerMetrics.storeName("jdbc:postgresql://db:5432/app?user=u&password=p"));
        assertEquals("sqlite", ServerMetrics.storeName("sqlite:./stepwise.db"));
        assertEquals("redis-cluster", ServerMetrics.storeName("redis-cluster://h:1,h:2"));
        assertEquals("memory", ServerMetrics.storeName("memory:"));
    }

    @Test
    void theStrictParserRefusesMalformedText() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("orphan_total 1\n"));
        assertThrows(
                IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a counter\na_total{x=\"1} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na one\n"));
        assertEquals(
                1,
                PrometheusText.parse("# HELP a help\n# TYPE a gauge\na{x=\"q\\\"\"} 1.5\n")
                        .size());
    }

    private static double turns(List<PrometheusText.Sample> samples, String action, String status, String error) {
        return PrometheusText.value(
                samples,
                "stepwise_turns_seconds_count",
                Map.of("flow", "insurance_quote", "action", action, "status", status, "error", error));
    }
}
