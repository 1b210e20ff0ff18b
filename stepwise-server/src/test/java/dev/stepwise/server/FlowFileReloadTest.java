package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve --flows DIR} with flow files: a changed file is reloaded while the server runs and
 * calls keep coming. No turn fails, sessions started on the old version finish on it, and new
 * sessions start on the new version.
 */
class FlowFileReloadTest {

    static final String V1 = """
            id: greet
            version: "1"
            description: Greets a person by name and age.
            state:
              name: {type: string}
              age: {type: integer, min: 0}
            nodes:
              ask_name:
                ask:
                  questions: [{field: name, text: What is your name?}]
              ask_age:
                ask:
                  questions: [{field: age, text: How old are you?}]
            edges:
              - {from: __start__, to: ask_name}
              - {from: ask_name, to: ask_age}
              - {from: ask_age, to: __end__}
            result: {greeting: "'Hello ' + state.name"}
            """;

    /** Version 2 asks one more question (a new node and field) and greets differently. */
    static final String V2 = V1.replace("version: \"1\"", "version: \"2\"")
            .replace("  age: {type: integer, min: 0}", "  age: {type: integer, min: 0}\n  city: {type: string}")
            .replace(
                    "  ask_age:\n",
                    "  ask_city:\n    ask:\n      questions: [{field: city, text: Where do you live?}]\n  ask_age:\n")
            .replace("{from: ask_age, to: __end__}", "{from: ask_age, to: ask_city}\n  - {from: ask_city, to: __end__}")
            .replace("'Hello ' + state.name", "'Hi ' + state.name + ' from ' + state.city");

    @Test
    void aChangedFileIsServedWhileOldSessionsFinishOnTheirVersion(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("greet.yaml");
        Files.writeString(file, V1);
        FlowService service = new FlowService("memory:", null, FlowCatalog.load(dir.toString()), (Duration) null);
        HttpServer http = HttpServer.start(
                new HttpServer.Settings(
                        "127.0.0.1",
                        0,
                        null,
                        Set.of(),
                        Duration.ofSeconds(20),
                        ServingLimits.defaults(),
                        HttpServer.McpSessions.NONE),
                service);
        ExecutorService load = Executors.newFixedThreadPool(4);
        try {
            McpSyncClient client = client(http.port());
            // sessions started on version 1, waiting at the age question
            List<String> old = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Turn first = turn(client, "{\"action\":\"start\",\"stateUpdates\":{\"name\":\"Old" + i + "\"}}");
                assertEquals("1", first.version());
                assertEquals(
                        "age",
                        first.body().path("field").asString(),
                        first.body().toString());
                old.add(first.body().path("sessionId").asString());
            }

            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger completedOnNew = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            CountDownLatch running = new CountDownLatch(4);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                workers.add(load.submit(() -> {
                    McpSyncClient own = client(http.port());
                    running.countDown();
                    int n = 0;
                    while (!stop.get() || completedOnNew.get() < 8) {
                        walk(own, "W" + worker + "-" + n++, failures, completed, completedOnNew);
                        if (n > 2000) {
                            failures.add("worker " + worker + " never saw version 2");
                            return;
                        }
                    }
                }));
            }
            assertTrue(running.await(30, TimeUnit.SECONDS));
            while (completed.get() < 8) {
                Thread.sleep(5); // let the load reach steady state before the reload
            }
            Files.writeString(file, V2);
            assertEquals(List.of(), service.reload(), "version 2 loads");
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), List.copyOf(failures), "no turn failed during the reload");

            // the old sessions finish on version 1: no city question, version 1's result
            for (String session : old) {
                Turn done = turn(
                        client,
                        "{\"action\":\"continue\",\"sessionId\":\"" + session + "\",\"stateUpdates\":{\"age\":40}}");
                assertEquals(
                        "complete",
                        done.body().path("status").asString(),
                        done.body().toString());
                assertEquals("1", done.version());
                assertTrue(
                        done.body().toString().contains("Hello Old"),
                        done.body().toString());
            }
            // a new session starts on version 2
            Turn fresh = turn(client, "{\"action\":\"start\",\"stateUpdates\":{\"name\":\"New\",\"age\":3}}");
            assertEquals("2", fresh.version());
            assertEquals(
                    "city", fresh.body().path("field").asString(), fresh.body().toString());
            // and the published tool now takes the new field
            String schema = Json.mapper()
                    .valueToTree(client.listTools().tools().get(0).inputSchema())
                    .toString();
            assertTrue(schema.contains("city"), schema);
        } finally {
            load.shutdownNow();
            http.stop();
            service.close();
        }
    }

    @Test
    void aBrokenFileIsRefusedAndTheFlowKeepsServing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("greet.yaml");
        Files.writeString(file, V1);
        FlowService service = new FlowService("memory:", null, FlowCatalog.load(dir.toString()), (Duration) null);
        try {
            Files.writeString(file, V2.replace("to: ask_city}", "to: nowhere}"));
            List<String> refused = service.reload();
            assertEquals(1, refused.size(), refused.toString());
            assertTrue(refused.get(0).startsWith(file + ":21:"), refused.get(0));
            assertTrue(refused.get(0).contains("dangling edge"), refused.get(0));
            assertEquals("1", service.engine().flow("greet").orElseThrow().version());

            Files.writeString(
                    file,
                    V1.replace("How old are you?", "Your age?")
                            .replace("age: {type: integer, min: 0}", "age: {type: string}"));
            refused = service.reload();
            assertEquals(1, refused.size(), refused.toString());
            assertTrue(refused.get(0).contains("keeps version 1"), refused.get(0));

            // a wording change in the same version keeps the graph, so it is taken as is
            Files.writeString(file, V1.replace("How old are you?", "Your age please?"));
            assertEquals(List.of(), service.reload());
            assertEquals("1", service.engine().flow("greet").orElseThrow().version());
        } finally {
            service.close();
        }
    }

    @Test
    void theServerNoticesAChangedFileByItself(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("greet.yaml");
        Files.writeString(file, V1);
        try (FlowService service =
                new FlowService("memory:", null, FlowCatalog.load(dir.toString()), Duration.ofMillis(50))) {
            assertEquals("1", service.engine().flow("greet").orElseThrow().version());
            Files.writeString(file, V2);
            dev.stepwise.store.tck.Poll.until("version 2 served", () -> "2"
                    .equals(service.engine().flow("greet").orElseThrow().version()));
        }
    }

    private record Turn(JsonNode body, String version) {}

    private static void walk(
            McpSyncClient client,
            String name,
            ConcurrentLinkedQueue<String> failures,
            AtomicInteger completed,
            AtomicInteger completedOnNew) {
        try {
            Turn first = turn(client, "{\"action\":\"start\",\"stateUpdates\":{\"name\":\"" + name + "\"}}");
            String session = first.body().path("sessionId").asString();
            Turn next = first;
            String version = first.version();
            Map<String, String> answers = Map.of("age", "30", "city", "\"Oslo\"");
            for (int step = 0;
                    step < 4 && "interrupt".equals(next.body().path("status").asString());
                    step++) {
                String field = next.body().path("field").asString();
                next = turn(
                        client,
                        "{\"action\":\"continue\",\"sessionId\":\"" + session + "\",\"stateUpdates\":{\"" + field
                                + "\":" + answers.get(field) + "}}");
                if (!version.equals(next.version())) {
                    failures.add(name + ": started on " + version + ", went on with " + next.version());
                }
            }
            if (!"complete".equals(next.body().path("status").asString())) {
                failures.add(name + ": " + next.body());
                return;
            }
            completed.incrementAndGet();
            if ("2".equals(version)) {
                completedOnNew.incrementAndGet();
            }
        } catch (RuntimeException | AssertionError e) {
            failures.add(name + ": " + e);
        }
    }

    private static Turn turn(McpSyncClient client, String argumentsJson) {
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = Json.mapper().convertValue(Json.parse(argumentsJson), Map.class);
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("greet", arguments, null));
        JsonNode body = Calls.check(result, "greet");
        JsonNode meta = Json.mapper().valueToTree(result.meta().get("stepwise/flow"));
        return new Turn(body, meta.path("version").asString());
    }

    private static McpSyncClient client(int port) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                        .endpoint(HttpServer.MCP_PATH)
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }
}
