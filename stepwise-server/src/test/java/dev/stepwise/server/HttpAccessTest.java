package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Origin checks, bearer tokens and the health endpoint, over real HTTP. */
class HttpAccessTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> post(TestServer server, String origin, String authorization)
            throws IOException, InterruptedException {
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
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET /mcp with a chosen Host header (java.net.http does not allow setting Host). */
    private static String rawStatusLine(TestServer server, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream()
                    .write(("GET /mcp HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n"
                                    + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void foreignOriginsAreRejectedAndLoopbackOnesAccepted() throws Exception {
        try (TestServer server = TestServer.start("memory:")) {
            assertEquals(403, post(server, "http://evil.example", null).statusCode());
            assertEquals(
                    403,
                    post(server, "http://localhost.evil.example:8787", null).statusCode());
            assertEquals(403, post(server, "null", null).statusCode());
            assertEquals(200, post(server, "http://localhost:5173", null).statusCode());
            assertEquals(200, post(server, "http://127.0.0.1:6274", null).statusCode());
            assertEquals(200, post(server, "http://[::1]:3000", null).statusCode());
            assertEquals(200, post(server, null, null).statusCode(), "non-browser clients send no Origin");
            assertTrue(
                    rawStatusLine(server, "rebound.evil.example:" + server.port())
                            .contains(" 403 "),
                    "a rebound name is refused even without Origin");
            assertFalse(rawStatusLine(server, "localhost:" + server.port()).contains(" 403 "));
        }
    }

    @Test
    void allowedBrowserOriginsGetCorsAndTheirPreflightsPassWithoutAToken() throws Exception {
        try (TestServer server = TestServer.start("memory:", null, "t0ken")) {
            HttpResponse<String> preflight = http.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Origin", "http://localhost:6274")
                            .header("Access-Control-Request-Method", "POST")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode());
            assertEquals(
                    "http://localhost:6274",
                    preflight
                            .headers()
                            .firstValue("Access-Control-Allow-Origin")
                            .orElse(""));
            assertTrue(preflight
                    .headers()
                    .firstValue("Access-Control-Allow-Headers")
                    .orElse("")
                    .contains("Mcp-Session-Id"));
            HttpResponse<String> post = post(server, "http://localhost:6274", "Bearer t0ken");
            assertEquals(200, post.statusCode());
            assertTrue(post.headers()
                    .firstValue("Access-Control-Expose-Headers")
                    .orElse("")
                    .contains("Mcp-Session-Id"));
            assertEquals(401, post(server, "http://localhost:6274", null).statusCode());
        }
    }

    @Test
    void configuredOriginsAreAllowedAndOnlyThose() {
        AccessFilter loopback = new AccessFilter(true, Set.of("https://app.example.com/"), null);
        assertTrue(loopback.originAllowed("https://APP.example.com"));
        assertFalse(loopback.originAllowed("https://app.example.com.evil.net"));
        assertFalse(loopback.originAllowed("http://user@localhost:1"));
        assertTrue(loopback.hostAllowed("127.0.0.1:8787")
                && loopback.hostAllowed("localhost")
                && loopback.hostAllowed("[::1]:8787")
                && loopback.hostAllowed("app.example.com"));
        assertFalse(loopback.hostAllowed("rebound.evil.example:8787"), "DNS rebinding");
        // answers are the same when asked again (allowed hosts are remembered, refused ones not)
        assertTrue(loopback.hostAllowed("127.0.0.1:8787") && loopback.hostAllowed("localhost"));
        assertFalse(loopback.hostAllowed("rebound.evil.example:8787"), "still refused");
        for (int port = 1; port <= 100; port++) {
            assertTrue(loopback.hostAllowed("127.0.0.1:" + port), "past the remembered ones");
            assertFalse(loopback.hostAllowed("evil.example:" + port));
        }
        AccessFilter publicBind = new AccessFilter(false, Set.of(), "t");
        assertFalse(
                publicBind.originAllowed("http://localhost:3000"), "off loopback, localhost origins are not implied");
    }

    @Test
    void aTokenIsRequiredOnEveryMcpRequestButNotOnHealth() throws Exception {
        String token = "s3cret-" + System.nanoTime();
        try (TestServer server = TestServer.start("memory:", null, token)) {
            assertEquals(401, post(server, null, null).statusCode());
            assertEquals(401, post(server, null, "Bearer wrong").statusCode());
            assertEquals(401, post(server, null, "Basic " + token).statusCode());
            assertEquals(200, post(server, null, "Bearer " + token).statusCode());
            assertThrows(RuntimeException.class, () -> server.client().close(), "an SDK client without the token");
            try (McpSyncClient client = server.client(token)) {
                assertFalse(client.listTools().tools().isEmpty());
            }
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
        }
    }

    @Test
    void bindingOffLoopbackWithoutATokenRefusesToStart() {
        FlowService service = new FlowService("memory:", null, FlowCatalog.load(null));
        try {
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class,
                    () -> HttpServer.start(
                            new HttpServer.Settings("0.0.0.0", 0, null, Set.of(), Duration.ofSeconds(1)), service));
            assertTrue(refused.getMessage().contains("--token"), refused.getMessage());
        } finally {
            service.close();
        }
        int exit = Main.commandLine().execute("serve", "--store", "memory:", "--host", "0.0.0.0", "--port", "0");
        assertEquals(2, exit);
    }
}
