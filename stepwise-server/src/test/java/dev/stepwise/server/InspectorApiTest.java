package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import dev.stepwise.mcp.FlowTools;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The inspector's JSON API on a real server: flows as tools/list publishes them, keyset paging and
 * filters, a session's view, its timeline and time travel, deletes and purges, and the access
 * rules it shares with /mcp.
 */
class InspectorApiTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private TestServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void flowsShowTheGraphSchemaAndExactToolDefinition() throws Exception {
        server = TestServer.start("memory:");
        JsonNode flows = get("/inspector/api/flows", null).path("flows");
        assertTrue(flows.findValuesAsString("id").contains(InsuranceQuote.ID), flows::toString);

        Flow flow = InsuranceQuote.flow();
        JsonNode shown = get("/inspector/api/flow?id=" + InsuranceQuote.ID, null);
        assertEquals(flow.version(), shown.path("version").asString());
        assertEquals(flow.graphHash(), shown.path("graphHash").asString());
        assertEquals(flow.toJson(), shown.path("graph"));
        assertEquals(
                FlowTools.description(flow),
                shown.path("tool").path("description").asString());
        assertEquals(
                Json.mapper().valueToTree(FlowTools.inputSchema(flow)),
                shown.path("tool").path("inputSchema"));
        assertEquals(
                Json.mapper().valueToTree(FlowTools.outputSchema()),
                shown.path("tool").path("outputSchema"));
        List<String> fields = new ArrayList<>();
        shown.path("schema").forEach(row -> fields.add(row.path("name").asString()));
        assertEquals(List.of("name", "email", "age", "ageBand", "premium", "plan", "quoteId"), fields);
        JsonNode premium = shown.path("schema").get(4);
        assertTrue(premium.path("computed").asBoolean(), premium::toString);

        HttpResponse<String> missing = send("GET", "/inspector/api/flow?id=nope", null);
        assertEquals(404, missing.statusCode());
        RawMcp.assertNoInternals(missing.body());
    }

    @Test
    void sessionsPageByKeysetWithFiltersAndCounts() throws Exception {
        server = TestServer.start("sqlite:" + dir.resolve("s.db"));
        for (String id : List.of("s-a", "s-b", "s-c", "s-d")) {
            call(InsuranceQuote.ID, "{\"action\":\"start\",\"sessionId\":\"" + id + "\"}", Map.of());
        }
        call(InsuranceQuote.ID, "{\"action\":\"cancel\",\"sessionId\":\"s-d\"}", Map.of());
        call(InsuranceQuote.ID, "{\"action\":\"start\",\"sessionId\":\"s-u\"}", Map.of("stepwise/userId", "ada"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get(
                    "/inspector/api/sessions?flow=" + InsuranceQuote.ID + "&limit=2"
                            + (cursor == null ? "" : "&cursor=" + enc(cursor)),
                    null);
            page.path("sessions").forEach(s -> seen.add(s.path("sessionId").asString()));
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertEquals(List.of("s-a", "s-b", "s-c", "s-d", "s-u"), seen);
        assertEquals(3, pages);

        assertEquals(List.of("s-d"), ids(get("/inspector/api/sessions?status=cancelled", null)));
        assertEquals(List.of("s-u"), ids(get("/inspector/api/sessions?user=ada", null)));
        assertEquals(List.of(), ids(get("/inspector/api/sessions?updatedSince=2999-01-01T00:00:00Z", null)));
        assertEquals(
                5,
                ids(get("/inspector/api/sessions?updatedSince=2000-01-01T00:00:00Z", null))
                        .size());

        JsonNode counts = get("/inspector/api/counts", null);
        assertEquals(5, counts.path("total").asInt(), counts::toString);
        assertEquals(
                4, counts.path("flows").path(InsuranceQuote.ID).path("active").asInt(), counts::toString);
        assertEquals(
                1,
                counts.path("flows").path(InsuranceQuote.ID).path("cancelled").asInt(),
                counts::toString);

        HttpResponse<String> bad = send("GET", "/inspector/api/sessions?status=" + enc("<script>"), null);
        assertEquals(400, bad.statusCode());
        assertEquals("BAD_REQUEST", Json.parse(bad.body()).path("code").asString());
        RawMcp.assertNoInternals(bad.body());
        assertEquals(
                400,
                send("GET", "/inspector/api/sessions?updatedSince=yesterday", null)
                        .statusCode());
        assertEquals(400, send("GET", "/inspector/api/sessions?limit=0", null).statusCode());
    }

    @Test
    void aSessionShowsWhereItWaitsItsTimelineAndTheStateAfterEachTurn() throws Exception {
        server = TestServer.start("memory:");
        String id = "probe <script>alert(1)</script>";
        String q = "flow=" + InsuranceQuote.ID + "&id=" + enc(id);
        call(
                InsuranceQuote.ID,
                "{\"action\":\"start\",\"intent\":\"a quote\",\"sessionId\":" + quote(id) + "}",
                Map.of());
        JsonNode started = get("/inspector/api/session?" + q, null);
        assertEquals(id, started.path("sessionId").asString());
        assertEquals("ask_contact", started.path("node").asString());
        assertEquals("active", started.path("status").asString());
        assertEquals(
                List.of("name", "email"),
                started.path("pending").path("questions").findValuesAsString("field"));
        assertTrue(started.path("graphCurrent").asBoolean());
        assertEquals("session", started.path("scopes").get(0).path("kind").asString());

        call(
                InsuranceQuote.ID,
                "{\"action\":\"continue\",\"sessionId\":" + quote(id)
                        + ",\"stateUpdates\":{\"name\":\"Ada\",\"email\":\"ADA@Example.com\"}}",
                Map.of());
        call(
                InsuranceQuote.ID,
                "{\"action\":\"continue\",\"sessionId\":" + quote(id) + ",\"stateUpdates\":{\"age\":40}}",
                Map.of());
        JsonNode now = get("/inspector/api/session?" + q, null);
        assertEquals("show_plans", now.path("node").asString());
        assertEquals("widget", now.path("pending").path("kind").asString());
        assertEquals("plan", now.path("pending").path("field").asString());
        assertTrue(now.path("version").asLong() != started.path("version").asLong());
        assertEquals(35.0, now.path("state").path("premium").asDouble());

        JsonNode timeline = get("/inspector/api/timeline?" + q, null);
        assertEquals(3, timeline.path("turns").asInt(), timeline::toString);
        JsonNode items = timeline.path("items");
        assertEquals("user", items.get(0).path("kind").asString());
        assertEquals(1, items.get(0).path("turn").asInt());
        assertEquals("tool", items.get(1).path("kind").asString());
        assertEquals(1, items.get(1).path("turn").asInt(), "the start's tool item is in the intent's turn");
        // the state changes are transient: the live items of this server fill them in
        assertTrue(items.findValuesAsString("kind").contains("state_change"), items::toString);

        assertEquals(
                Json.object(),
                get("/inspector/api/state?" + q + "&turn=1", null).path("state"));
        JsonNode afterTwo = get("/inspector/api/state?" + q + "&turn=2", null);
        assertEquals("Ada", afterTwo.path("state").path("name").asString());
        assertEquals(
                "ada@example.com",
                afterTwo.path("state").path("email").asString(),
                "the recorded state change (the validator's normalised value) wins over the raw answer");
        assertFalse(afterTwo.path("state").has("age"));
        JsonNode afterThree = get("/inspector/api/state?" + q + "&turn=3", null);
        assertEquals(now.path("state"), afterThree.path("state"));
        assertEquals(
                400, send("GET", "/inspector/api/state?" + q + "&turn=4", null).statusCode());

        assertEquals(
                404,
                send("GET", "/inspector/api/session?flow=" + InsuranceQuote.ID + "&id=none", null)
                        .statusCode());
    }

    @Test
    void deleteAndPurgeNeedConfirmation() throws Exception {
        server = TestServer.start("memory:");
        for (String id : List.of("d-1", "d-2", "d-3")) {
            call(InsuranceQuote.ID, "{\"action\":\"start\",\"sessionId\":\"" + id + "\"}", Map.of());
        }
        call(InsuranceQuote.ID, "{\"action\":\"cancel\",\"sessionId\":\"d-2\"}", Map.of());
        call(InsuranceQuote.ID, "{\"action\":\"cancel\",\"sessionId\":\"d-3\"}", Map.of());
        String one = "/inspector/api/session?flow=" + InsuranceQuote.ID + "&id=d-1";

        assertEquals(400, send("DELETE", one, null).statusCode());
        assertEquals(200, send("GET", one, null).statusCode(), "an unconfirmed delete deletes nothing");
        JsonNode deleted = Json.parse(send("DELETE", one + "&confirm=yes", null).body());
        assertTrue(deleted.path("deleted").asBoolean(), deleted::toString);
        assertEquals(404, send("GET", one, null).statusCode());

        JsonNode dry = Json.parse(
                send("POST", "/inspector/api/purge?status=cancelled", null).body());
        assertEquals(2, dry.path("matched").asInt(), dry::toString);
        assertEquals(0, dry.path("deleted").asInt());
        assertEquals(
                2, ids(get("/inspector/api/sessions?status=cancelled", null)).size());
        JsonNode done = Json.parse(send("POST", "/inspector/api/purge?status=cancelled&confirm=yes", null)
                .body());
        assertEquals(2, done.path("deleted").asInt(), done::toString);
        assertEquals(List.of(), ids(get("/inspector/api/sessions", null)));
        assertEquals(404, send("GET", "/inspector/api/purge", null).statusCode(), "purge is a POST");
    }

    @Test
    void theApiTakesTheTokenOfMcpAndThePageAsksForIt() throws Exception {
        server = TestServer.start("memory:", null, "s3cret");
        assertEquals(401, send("GET", "/inspector/api/flows", null).statusCode());
        assertEquals(401, send("GET", "/inspector/api/flows", "wrong").statusCode());
        JsonNode info = get("/inspector/api/info", "s3cret");
        assertEquals("bearer", info.path("auth").asString());
        assertTrue(info.path("writable").asBoolean());
        assertEquals(401, send("POST", "/inspector/api/purge?confirm=yes", null).statusCode());

        HttpResponse<String> page = send("GET", "/inspector/", null);
        assertEquals(200, page.statusCode(), "the page holds no data: it loads, then asks for the token");
        assertTrue(page.body().contains("login-token"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'"), policy);
        HttpResponse<String> script = send("GET", "/inspector/app.js", null);
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));

        HttpResponse<String> evil = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/inspector/api/flows"))
                        .header("Authorization", "Bearer s3cret")
                        .header("Origin", "https://evil.example")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, evil.statusCode());
        HttpResponse<String> rebound = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/inspector/"))
                        .header("Origin", "https://evil.example")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, rebound.statusCode(), "the page has the Origin checks of /mcp too");
    }

    @Test
    void widgetsAreServedSandboxed() throws Exception {
        server = TestServer.start("memory:");
        HttpResponse<String> widget = send("GET", "/inspector/widget?tool=show_plan_picker", null);
        assertEquals(200, widget.statusCode());
        assertTrue(widget.body().contains("ui/notifications/tool-input"), "the example's own template");
        String policy = widget.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.startsWith("sandbox allow-scripts;"), policy);
        assertFalse(policy.contains("allow-same-origin"), policy);
        assertEquals(404, send("GET", "/inspector/widget?tool=nope", null).statusCode());
    }

    @Test
    void noInspectorServesNone() throws Exception {
        try (FlowService service = new FlowService("memory:", null, FlowCatalog.load(null))) {
            HttpServer http = HttpServer.start(
                    new HttpServer.Settings("127.0.0.1", 0, null, Set.of(), Duration.ofSeconds(5)), service, false);
            try {
                String base = "http://127.0.0.1:" + http.port();
                assertEquals(404, RawMcp.get(base + "/inspector/api/flows").statusCode());
                assertEquals(404, RawMcp.get(base + "/inspector/").statusCode());
                assertEquals(200, RawMcp.get(base + "/healthz").statusCode());
            } finally {
                http.stop();
            }
        }
    }

    private JsonNode call(String tool, String arguments, Map<String, String> meta) throws Exception {
        StringBuilder metaJson = new StringBuilder();
        meta.forEach((k, v) -> metaJson.append(metaJson.length() == 0 ? "" : ",")
                .append(quote(k))
                .append(':')
                .append(quote(v)));
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + (meta.isEmpty() ? "" : ",\"_meta\":{" + metaJson + "}") + "}}";
        HttpResponse<String> response = RawMcp.post(server.baseUrl(), body);
        assertEquals(200, response.statusCode(), response::body);
        JsonNode result = Json.parse(response.body()).path("result").path("structuredContent");
        assertNotNull(result);
        assertFalse("error".equals(result.path("status").asString()), result::toString);
        return result;
    }

    private JsonNode get(String path, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", path, token);
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return Json.parse(response.body());
    }

    private HttpResponse<String> send(String method, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("sessions").forEach(s -> out.add(s.path("sessionId").asString()));
        return out;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        return Json.text(Json.nodes().stringNode(text));
    }
}
