package dev.stepwise.server;

import static dev.stepwise.server.RawMcp.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.tck.Poll;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --mcp-sessions}: live sessions are capped, idle ones expire, unknown ones get 404. */
class McpSessionsTest {

    @Test
    void aFloodOfInitializesCannotGrowPastTheCap() throws Exception {
        HttpServer.McpSessions sessions = new HttpServer.McpSessions(true, 3, Duration.ofMinutes(10));
        try (TestServer server = TestServer.start("memory:", null, null, ServingLimits.defaults(), sessions)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> ok = RawMcp.post(server.baseUrl(), RawMcp.initialize(i));
                assertEquals(200, ok.statusCode(), ok.body());
                ids.add(ok.headers().firstValue("Mcp-Session-Id").orElseThrow());
            }
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> refused = RawMcp.post(server.baseUrl(), RawMcp.initialize(100 + i));
                assertError(refused, 503, -32000);
                assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After");
            }
            assertEquals(3, server.liveMcpSessions());
            // the admitted sessions still work
            HttpResponse<String> ping = RawMcp.post(
                    server.baseUrl(),
                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}",
                    Map.of("Mcp-Session-Id", ids.get(0), "Mcp-Protocol-Version", "2025-06-18"));
            assertEquals(200, ping.statusCode(), ping.body());
        }
    }

    @Test
    void idleSessionsExpireAndFreeTheirSlot() throws Exception {
        HttpServer.McpSessions sessions = new HttpServer.McpSessions(true, 1, Duration.ofMillis(300));
        try (TestServer server = TestServer.start("memory:", null, null, ServingLimits.defaults(), sessions)) {
            HttpResponse<String> first = RawMcp.post(server.baseUrl(), RawMcp.initialize(1));
            String id = first.headers().firstValue("Mcp-Session-Id").orElseThrow();
            // the cap is one: a second initialize is admitted only once the first session expired
            Poll.until("the idle session expired and freed its slot", () -> {
                HttpResponse<String> second = RawMcp.post(server.baseUrl(), RawMcp.initialize(3));
                if (second.statusCode() == 503) {
                    return false;
                }
                assertEquals(200, second.statusCode(), second.body());
                return true;
            });
            assertEquals(1, server.liveMcpSessions());
            assertError(
                    RawMcp.post(
                            server.baseUrl(),
                            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}",
                            Map.of("Mcp-Session-Id", id, "Mcp-Protocol-Version", "2025-06-18")),
                    404,
                    -32600);
        }
    }

    @Test
    void anUnknownSessionIdIs404AndAMissingOneIs400() throws Exception {
        HttpServer.McpSessions sessions = new HttpServer.McpSessions(true, 10, Duration.ofMinutes(10));
        try (TestServer server = TestServer.start("memory:", null, null, ServingLimits.defaults(), sessions)) {
            assertError(
                    RawMcp.post(
                            server.baseUrl(),
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                            Map.of("Mcp-Session-Id", "forged", "Mcp-Protocol-Version", "2025-06-18")),
                    404,
                    -32600);
            assertError(
                    RawMcp.post(server.baseUrl(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"), 400, -32600);
            assertError(RawMcp.post(server.baseUrl(), "{nope"), 400, -32700);
        }
    }

    @Test
    void theSdkClientWorksWithSessions() throws Exception {
        HttpServer.McpSessions sessions = new HttpServer.McpSessions(true, 10, Duration.ofMinutes(10));
        try (TestServer server = TestServer.start("memory:", null, null, ServingLimits.defaults(), sessions)) {
            var client = server.client();
            try {
                var result = Calls.call(client, "insurance_quote", "{\"action\":\"start\"}");
                assertEquals("interrupt", result.path("status").asString(), result.toString());
            } finally {
                client.close();
            }
        }
    }
}
