package dev.stepwise.flowfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.FlowTester;
import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A webhook node against a local HTTP server: success, timeout, 5xx, 4xx, malformed patch, retries. */
class WebhookActionTest {

    /** What the server answers to attempt n (0-based): status and body; status 0 hangs until released. */
    private record Answer(int status, String body) {}

    private HttpServer server;
    private ExecutorService threads;
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile IntFunction<Answer> answers = n -> new Answer(200, "{}");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/score", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int attempt = keys.size();
        keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
        bodies.add(Json.parse(exchange.getRequestBody().readAllBytes()));
        Answer answer = answers.apply(attempt);
        if (answer.status() == 0) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private Flow flow() {
        String file =
                """
                id: hook
                description: Scores a name with a service.
                state:
                  name: {type: string}
                  score: {type: integer, computed: true, optional: true}
                nodes:
                  ask_name:
                    ask:
                      questions: [{field: name, text: Your name?}]
                  score:
                    webhook: {url: "URL", timeout: PT0.3S, retries: 2}
                edges:
                  - {from: __start__, to: ask_name}
                  - {from: ask_name, to: score}
                  - {from: score, to: __end__}
                result: {score: "has(state.score) ? state.score : -1"}
                """.replace("URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/score");
        return FlowFiles.with(ActionRegistry.empty(), WebhookSettings.none().allowing("127.0.0.1"))
                .parse("hook.yaml", file.getBytes(StandardCharsets.UTF_8));
    }

    private String error(FlowResponse response) {
        assertEquals("error", response.status(), response.toJson(true).toString());
        return response.toJson(true).path("error").asString();
    }

    @Test
    void successMergesThePatchAndSendsTheState() {
        answers = n -> new Answer(200, "{\"score\": 42}");
        FlowTester t = FlowTester.of(flow());
        t.start(Map.of("name", "Ada"));
        t.expectComplete(result -> assertEquals(42, result.path("score").intValue()));
        assertEquals(1, keys.size());
        JsonNode sent = bodies.get(0);
        assertEquals("hook", sent.path("flow").asString());
        assertEquals("score", sent.path("node").asString());
        assertEquals("Ada", sent.path("state").path("name").asString());
        assertFalse(keys.get(0).isBlank() || keys.get(0).equals("null"), "an Idempotency-Key is sent");
    }

    @Test
    void serverErrorsAreRetriedWithTheSameIdempotencyKey() {
        answers = n -> n < 2 ? new Answer(500, "oops") : new Answer(200, "{\"score\": 7}");
        FlowTester t = FlowTester.of(flow());
        t.start(Map.of("name", "Ada"));
        t.expectComplete(result -> assertEquals(7, result.path("score").intValue()));
        assertEquals(3, keys.size(), "two retries");
        assertEquals(1, keys.stream().distinct().count(), "one key for every attempt: " + keys);
    }

    @Test
    void aServerThatKeepsFailingFailsTheTurnNamingNodeAndHost() {
        answers = n -> new Answer(503, "");
        FlowTester t = FlowTester.of(flow());
        String message = error(t.start(Map.of("name", "Ada")));
        t.expectError(ErrorCode.NODE_FAILED);
        assertEquals(3, keys.size());
        assertTrue(message.contains("WEBHOOK_FAILED"), message);
        assertTrue(message.contains("node 'score' (127.0.0.1)"), message);
        assertTrue(message.contains("answered HTTP 503"), message);
        // nothing was saved; once the service recovers, the same call goes through
        answers = n -> new Answer(200, "{\"score\": 1}");
        t.start(Map.of("name", "Ada"));
        t.expectComplete(result -> assertEquals(1, result.path("score").intValue()));
    }

    @Test
    void timeoutsAreRetriedThenFail() {
        answers = n -> new Answer(0, "");
        FlowTester t = FlowTester.of(flow());
        String message = error(t.start(Map.of("name", "Ada")));
        assertTrue(message.contains("WEBHOOK_FAILED"), message);
        assertTrue(message.contains("timed out after 300 ms"), message);
        assertEquals(1, keys.stream().distinct().count(), "one key for every attempt: " + keys);
    }

    @Test
    void clientErrorsAreNotRetried() {
        answers = n -> new Answer(422, "{\"error\":\"no\"}");
        FlowTester t = FlowTester.of(flow());
        String message = error(t.start(Map.of("name", "Ada")));
        assertTrue(message.contains("WEBHOOK_REFUSED"), message);
        assertEquals(1, keys.size(), "4xx is not retried");
    }

    @Test
    void aMalformedPatchFailsTheTurn() {
        answers = n -> new Answer(200, "not json");
        String message = error(FlowTester.of(flow()).start(Map.of("name", "Ada")));
        assertTrue(message.contains("WEBHOOK_BAD_PATCH"), message);
        assertTrue(message.contains("not JSON"), message);

        answers = n -> new Answer(200, "[1, 2]");
        String array = error(FlowTester.of(flow()).start(Map.of("name", "Bob")));
        assertTrue(array.contains("answered a JSON array"), array);

        answers = n -> new Answer(200, "{\"score\": \"high\"}");
        FlowResponse wrongType = FlowTester.of(flow()).start(Map.of("name", "Cy"));
        assertEquals(
                "error", wrongType.status(), "a patch that breaks the schema is refused: " + wrongType.toJson(true));
    }

    @Test
    void hostsOutsideTheAllowListAreRefusedAtLoad() {
        String file = """
                id: hook
                description: d
                state: {name: {type: string}}
                nodes:
                  call: {webhook: {url: "http://evil.example/x"}}
                edges:
                  - {from: __start__, to: call}
                  - {from: call, to: __end__}
                """;
        FlowFileException e =
                org.junit.jupiter.api.Assertions.assertThrows(FlowFileException.class, () -> FlowFiles.plain()
                        .parse("hook.yaml", file.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("hook.yaml:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("host 'evil.example' is not in the webhook allow-list"), e.getMessage());
    }
}
