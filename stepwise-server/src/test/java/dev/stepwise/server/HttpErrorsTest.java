package dev.stepwise.server;

import static dev.stepwise.server.RawMcp.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Whatever a client sends to the (default, stateless) MCP endpoint, the answer is a JSON-RPC object
 * with the code JSON-RPC assigns and the HTTP status the Streamable HTTP transport asks for, and no
 * body names a Java class or carries a stack trace.
 */
class HttpErrorsTest {

    private static TestServer server;
    private static String url;

    @BeforeAll
    static void start() {
        server = TestServer.start("memory:");
        url = server.baseUrl();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void malformedJsonIsAParseError() throws Exception {
        assertError(RawMcp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":1,"), 400, -32700);
        assertError(RawMcp.post(url, ""), 400, -32700);
    }

    @Test
    void aMissingAcceptIsNotAcceptable() throws Exception {
        assertError(RawMcp.post(url, RawMcp.initialize(1), Map.of("Accept", "text/html")), 406, -32600);
    }

    @Test
    void acceptValuesAreJudgedEachOnItsOwnHoweverManyWereAdmittedBefore() throws Exception {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        // more admitted values than the endpoint remembers, each answered
        for (int i = 0; i < 80; i++) {
            HttpResponse<String> admitted = RawMcp.post(url, ping, Map.of("Accept", "application/json;q=0." + i));
            assertEquals(200, admitted.statusCode(), admitted.body());
        }
        // then values that admit neither JSON nor anything: refused, again and again
        for (String refused : new String[] {"text/html", "application/jsonx", "text/*", ""}) {
            for (int i = 0; i < 2; i++) {
                assertError(RawMcp.post(url, ping, Map.of("Accept", refused)), 406, -32600);
            }
        }
        assertEquals(200, RawMcp.post(url, ping, Map.of("Accept", "*/*")).statusCode());
        assertEquals(
                200, RawMcp.post(url, ping, Map.of("Accept", "APPLICATION/*")).statusCode());
    }

    @Test
    void anIdThatIsNotAStringOrIntegerIsAnInvalidRequest() throws Exception {
        JsonNode error =
                assertError(RawMcp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":1e999999,\"method\":\"ping\"}"), 400, -32600);
        assertTrue(error.get("id").isNull(), error.toString());
        assertError(RawMcp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}"), 400, -32600);
    }

    @Test
    void paramsThatAreAnArrayAreInvalidParams() throws Exception {
        JsonNode error = assertError(
                RawMcp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":[1,2]}"),
                200,
                -32602);
        assertEquals(5, error.path("id").asInt(), "the request id is echoed: " + error);
    }

    @Test
    void toolsCallWithoutANameIsInvalidParams() throws Exception {
        assertError(
                RawMcp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\",\"params\":{}}"),
                200,
                -32602);
        assertError(
                RawMcp.post(
                        url,
                        "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\","
                                + "\"params\":{\"name\":\"insurance_quote\",\"arguments\":[]}}"),
                200,
                -32602);
    }

    @Test
    void anUnknownMethodIsMethodNotFound() throws Exception {
        JsonNode error =
                assertError(RawMcp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":\"m\",\"method\":\"no/such\"}"), 200, -32601);
        assertEquals("m", error.path("id").asString());
    }

    @Test
    void aBogusProtocolVersionHeaderIsABadRequest() throws Exception {
        assertError(
                RawMcp.post(
                        url,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                        Map.of("Mcp-Protocol-Version", "1999-01-01")),
                400,
                -32600);
    }

    @Test
    void batchesAndNonObjectsAreInvalidRequests() throws Exception {
        assertError(RawMcp.post(url, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"), 400, -32600);
        assertError(RawMcp.post(url, "42"), 400, -32600);
        assertError(RawMcp.post(url, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"), 400, -32600);
    }

    @Test
    void jsonNestedTooDeeplyIsAParseError() throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertError(
                RawMcp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":" + deep + "}}"),
                400,
                -32700);
    }

    @Test
    void anOversizeBodyIsRefusedWith413() throws Exception {
        String big = "x".repeat(ServingLimits.DEFAULT_MAX_REQUEST_BYTES + 10);
        assertError(
                RawMcp.post(url, RawMcp.call("insurance_quote", "{\"action\":\"start\",\"pad\":\"" + big + "\"}")),
                413,
                -32600);
    }

    @Test
    void aRefusedRequestGetsItsAnswerAndDoesNotBreakTheNextOneOnThatClient() throws Exception {
        // A refusal must not leave the rest of the body on the connection: a client still sending
        // would meet a reset instead of the answer, and a pooling client would send its next
        // request down a socket the server is closing.
        String big = "x".repeat(ServingLimits.DEFAULT_MAX_REQUEST_BYTES + 10);
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> refused =
                    RawMcp.post(url, RawMcp.call("insurance_quote", "{\"action\":\"start\",\"pad\":\"" + big + "\"}"));
            assertEquals(413, refused.statusCode());
            HttpResponse<String> wrongType =
                    RawMcp.post(url, RawMcp.initialize(1) + big, Map.of("Content-Type", "text/plain"));
            assertEquals(415, wrongType.statusCode());
            HttpResponse<String> next = RawMcp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertEquals(200, next.statusCode(), next.body());
        }
    }

    @Test
    void aWrongContentTypeIsUnsupported() throws Exception {
        assertError(RawMcp.post(url, RawMcp.initialize(1), Map.of("Content-Type", "text/plain")), 415, -32600);
    }

    @Test
    void getIsNotAllowedWithoutSessions() throws Exception {
        assertError(RawMcp.get(url + HttpServer.MCP_PATH), 405, -32600);
    }

    @Test
    void anUnknownSessionIdHeaderIsIgnoredWhenStateless() throws Exception {
        HttpResponse<String> response = RawMcp.post(
                url,
                RawMcp.call("insurance_quote", "{\"action\":\"start\"}"),
                Map.of("Mcp-Session-Id", "no-such-session", "Mcp-Protocol-Version", "2025-06-18"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = Json.parse(response.body()).path("result");
        assertEquals(
                "interrupt", result.path("structuredContent").path("status").asString(), response.body());
        assertTrue(response.headers().firstValue("Mcp-Session-Id").isEmpty(), "no transport session is issued");
    }

    @Test
    void unknownPathsAnswerJsonToo() throws Exception {
        HttpResponse<String> response = RawMcp.get(url + "/nope");
        assertEquals(404, response.statusCode());
        RawMcp.assertNoInternals(response.body());
    }
}
