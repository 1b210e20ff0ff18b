package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Plain HTTP against a test server's MCP endpoint (no SDK client), and checks of error bodies. */
final class RawMcp {

    static final String ACCEPT = "application/json, text/event-stream";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RawMcp() {}

    /** POSTs a body with JSON content type and the standard Accept, plus extra headers. */
    static HttpResponse<String> post(String baseUrl, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + HttpServer.MCP_PATH))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Accept")) {
            request.header("Accept", ACCEPT);
        }
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String baseUrl, String body) throws IOException, InterruptedException {
        return post(baseUrl, body, Map.of());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", ACCEPT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String initialize(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    }

    static String call(String tool, String argumentsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + argumentsJson + "}}";
    }

    /**
     * Checks a response is a JSON-RPC error object with this status and code, and that it leaks
     * nothing internal; returns the parsed body.
     */
    static JsonNode assertError(HttpResponse<String> response, int status, int code) {
        String body = response.body();
        assertEquals(status, response.statusCode(), () -> "HTTP status; body: " + body);
        assertTrue(
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                () -> "JSON content type: " + response.headers().map());
        assertNoInternals(body);
        JsonNode json = Json.parse(body);
        assertEquals("2.0", json.path("jsonrpc").asString(), body);
        assertTrue(json.has("id"), () -> "an id member (null when unknown): " + body);
        assertEquals(code, json.path("error").path("code").asInt(), body);
        assertFalse(json.path("error").path("message").asString().isBlank(), body);
        assertFalse(json.has("result"), body);
        return json;
    }

    static void assertNoInternals(String body) {
        for (String leak : new String[] {
            "Exception",
            "java.",
            "jakarta.",
            "io.modelcontextprotocol",
            "org.eclipse",
            "tools.jackson",
            "\tat ",
            ".java:",
            "<html",
            "Jetty"
        }) {
            assertFalse(body.contains(leak), () -> "the body leaks '" + leak + "': " + body);
        }
    }
}
