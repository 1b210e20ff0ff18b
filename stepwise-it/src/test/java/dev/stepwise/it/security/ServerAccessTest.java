package dev.stepwise.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.it.process.ServerProcess;
import dev.stepwise.it.process.ToolCalls;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server binary as deployed: foreign browser Origins are refused, a token is required to bind
 * off loopback and then enforced, and state values never reach the log at INFO, in text or JSON
 * log format, on success or on a rejected answer.
 */
class ServerAccessTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private int post(ServerProcess server, String origin, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void foreignOriginsAreRefusedAndStateValuesNeverLoggedAtInfo() throws Exception {
        for (String format : new String[] {"text", "json"}) {
            try (ServerProcess server = ServerProcess.launch(
                            "access-" + format,
                            "memory:",
                            CounterFlow.class.getName(),
                            Map.of("STEPWISE_LOG_FORMAT", format))
                    .awaitReady()) {
                assertEquals(403, post(server, "http://evil.example", null));
                assertEquals(403, post(server, "http://localhost.evil.example", null));
                assertEquals(403, post(server, "null", null));
                assertEquals(200, post(server, "http://localhost:5173", null));

                McpSyncClient client = server.client();
                ToolCalls.call(
                        client,
                        CounterFlow.ID,
                        Map.of(
                                "action",
                                "start",
                                "sessionId",
                                "log-check",
                                "intent",
                                "INTENT-SECRET-1",
                                "context",
                                "CONTEXT-SECRET-2"));
                ToolCalls.call(
                        client,
                        CounterFlow.ID,
                        Map.of(
                                "action",
                                "continue",
                                "sessionId",
                                "log-check",
                                "stateUpdates",
                                Map.of("delta", 424242, "note", "NOTE-SECRET-3")));
                Map<String, Object> rejected = ToolCalls.call(
                        client,
                        CounterFlow.ID,
                        Map.of(
                                "action",
                                "continue",
                                "sessionId",
                                "log-check",
                                "stateUpdates",
                                Map.of("delta", "WRONG-SECRET-4")));
                assertEquals("interrupt", ToolCalls.status(rejected));
                Map<String, Object> undeclared = ToolCalls.call(
                        client,
                        CounterFlow.ID,
                        Map.of(
                                "action",
                                "continue",
                                "sessionId",
                                "log-check",
                                "stateUpdates",
                                Map.of("card", "UNDECLARED-SECRET-5")));
                assertEquals("INVALID_INPUT", ToolCalls.code(undeclared));
                client.closeGracefully();

                String log = server.jvm().log() + String.join("\n", server.jvm().lines());
                assertTrue(log.contains("INFO") || log.contains("\"level\":\"INFO\""), "INFO lines are logged: " + log);
                for (String secret : new String[] {
                    "INTENT-SECRET-1",
                    "CONTEXT-SECRET-2",
                    "424242",
                    "NOTE-SECRET-3",
                    "WRONG-SECRET-4",
                    "UNDECLARED-SECRET-5",
                    "log-check"
                }) {
                    assertFalse(log.contains(secret), format + " log shows '" + secret + "':\n" + log);
                }
            }
        }
    }

    @Test
    void offLoopbackAServerNeedsATokenAndEnforcesIt() throws Exception {
        try (ServerProcess refused = ServerProcess.launch(
                "no-token",
                "memory:",
                CounterFlow.class.getName(),
                Map.of("STEPWISE_TOKEN", ""),
                "--host",
                "0.0.0.0")) {
            int exit = refused.jvm().awaitExit(60);
            assertNotEquals(0, exit, "binding 0.0.0.0 without a token must fail");
            assertTrue(refused.jvm().log().contains("token"), refused.jvm().log());
        }
        try (ServerProcess server = ServerProcess.launch(
                        "token",
                        "memory:",
                        CounterFlow.class.getName(),
                        Map.of("STEPWISE_TOKEN", ""),
                        "--host",
                        "0.0.0.0",
                        "--token",
                        "s3cret-t0ken")
                .awaitReady()) {
            assertEquals(401, post(server, null, null));
            assertEquals(401, post(server, null, "Bearer wrong"));
            assertEquals(401, post(server, null, "s3cret-t0ken"));
            assertEquals(200, post(server, null, "Bearer s3cret-t0ken"));
            assertFalse(server.jvm().log().contains("s3cret-t0ken"), "the token is never logged");
        }
    }
}
