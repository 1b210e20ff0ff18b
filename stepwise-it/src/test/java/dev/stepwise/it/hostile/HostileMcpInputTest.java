package dev.stepwise.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.it.process.ServerProcess;
import dev.stepwise.store.file.FileStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input catalogue over MCP, as raw JSON-RPC bodies on the wire (what an SDK client
 * would never send): each gets an error answer (a JSON-RPC error or a flow-tool error with its
 * code), never a stack trace or a dead server, and session {@code s1} keeps its total.
 */
class HostileMcpInputTest {

    @TempDir
    static Path dir;

    private static ServerProcess server;
    private static String mcpSession;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.launch(
                        "hostile-mcp", "file:" + dir.resolve("store"), CounterFlow.class.getName(), Map.of())
                .awaitReady();
        HttpResponse<String> init = post(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                        + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertEquals(200, init.statusCode(), init.body());
        // stateless by default (issue 19): no transport session is issued; with --mcp-sessions one is
        mcpSession = init.headers().firstValue("Mcp-Session-Id").orElse(null);
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertTrue(call("{\"action\":\"start\",\"sessionId\":\"s1\"}").contains("interrupt"));
        assertTrue(call("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"delta\":5}}")
                .contains("interrupt"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> post(String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (mcpSession != null) {
            request.header("Mcp-Session-Id", mcpSession);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A tools/call of the counter flow with raw argument text; returns the raw answer. */
    private static String call(String rawArguments) throws Exception {
        HttpResponse<String> r =
                post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"counter\","
                        + "\"arguments\":" + rawArguments + "}}");
        return r.statusCode() + " " + r.body();
    }

    private static void refused(String rawArguments, String expected) throws Exception {
        String answer = call(rawArguments);
        String shown = answer.length() > 300 ? answer.substring(0, 300) + "..." : answer;
        assertTrue(
                answer.contains(expected),
                () -> "expected " + expected + " for " + abbreviate(rawArguments) + ", got " + shown);
        assertFalse(
                answer.contains("at dev.stepwise") || answer.contains("Exception:") || answer.contains("at java."),
                () -> "a stack trace leaked: " + shown);
        assertEquals(5L, total(), "s1 is unchanged");
        assertAlive();
    }

    private static void assertAlive() throws Exception {
        assertEquals(
                200,
                HTTP.send(
                                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode(),
                "the server is alive");
    }

    private static long total() {
        try (FileStore store = FileStore.builder(dir.resolve("store")).build()) {
            FlowEngine engine = FlowEngine.builder()
                    .store(store)
                    .register(CounterFlow.flow())
                    .build();
            return engine.sessions().state(CounterFlow.ID, "s1").orElseThrow().getLong("total");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    @Test
    void duplicateKeysAreRefusedNotResolvedLastWins() throws Exception {
        refused("{\"action\":\"continue\",\"action\":\"cancel\",\"sessionId\":\"s1\"}", "rror");
        assertTrue(
                call("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"delta\":0}}")
                        .contains("interrupt"),
                "the session was not cancelled");
        refused("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"delta\":1,\"delta\":1000}}", "rror");
    }

    @Test
    void deepNestingHugeBodiesAndHugeNumbersAreRefused() throws Exception {
        refused(
                "{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"note\":" + "[".repeat(10_000)
                        + "]".repeat(10_000) + "}}",
                "rror");
        // over the 1 MiB limit but within what the server drains: the client reads a 413 error object
        refused(
                "{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"note\":\""
                        + "x".repeat(3 * 1024 * 1024) + "\"}}",
                "rror");
        // 10 MB: answered 413 and the connection closed without reading the rest, so a client still
        // writing may see the reset instead of the answer; either way nothing is applied
        try {
            refused(
                    "{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"note\":\""
                            + "x".repeat(10 * 1024 * 1024) + "\"}}",
                    "413");
        } catch (IOException reset) {
            assertEquals(5L, total(), "s1 is unchanged");
            assertAlive();
        }
        refused(
                "{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"delta\":1" + "0".repeat(5000) + "}}",
                "rror");
        refused("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"delta\":1e999999999}}", "delta");
    }

    @Test
    void wrongTypesUnknownActionsUndeclaredFieldsAndBadStringsAreInvalidInput() throws Exception {
        for (String args : new String[] {"[]", "\"continue\""}) {
            // the MCP SDK types arguments as an object: it logs and drops such a request without an
            // answer (a limitation of the SDK's transport, documented in docs/reliability.md)
            String answer = call(args);
            assertFalse(answer.contains("at java.") || answer.contains("Exception"), answer);
            assertEquals(5L, total());
        }
        for (String args : new String[] {
            "{\"action\":5}",
            "{\"action\":\"drop\",\"sessionId\":\"s1\"}",
            "{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":[]}",
            "{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"isAdmin\":true}}",
            "{\"action\":\"continue\",\"sessionId\":\"s1\",\"extra\":1}",
            "{\"action\":\"continue\",\"sessionId\":\"s1\\u0000\"}",
            "{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"note\":\"\\ud800\",\"delta\":1}}"
        }) {
            refused(args, "rror");
        }
    }

    @Test
    void pathTraversalSessionIdsAreOrdinarySessions() throws Exception {
        for (String id : new String[] {"../../../../etc/passwd", "..\\\\..\\\\boot.ini", "CON", "nul.txt"}) {
            String started = call("{\"action\":\"start\",\"sessionId\":\"" + id + "\"}");
            assertTrue(started.contains("interrupt"), started);
        }
        assertEquals(5L, total());
    }
}
