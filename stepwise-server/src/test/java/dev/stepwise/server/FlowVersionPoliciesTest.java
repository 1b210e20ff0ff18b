package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The three documented policies for sessions of an older version when a flow file changes:
 * {@code finish-on-old} (default), {@code migrate} and {@code restart}.
 */
class FlowVersionPoliciesTest {

    /** Version 2 renames ask_age to ask_years and asks for a city after it. */
    private static final String V2 = FlowFileReloadTest.V2.replace("ask_age", "ask_years");

    /** A response and the flow version that answered it. */
    private record Answer(JsonNode body, String version) {
        JsonNode path(String name) {
            return body.path(name);
        }

        @Override
        public String toString() {
            return version + " " + body;
        }
    }

    private static Answer call(FlowService service, String json) {
        FlowResponse response = service.engine().call("greet", Json.parse(json), null, null);
        return new Answer(response.toJson(true), response.meta().version());
    }

    /** A session waiting at version 1's age question, on a server that then loads {@code next}. */
    private static String oldSessionThenReload(Path dir, FlowService service, String next) throws Exception {
        Answer first = call(service, "{\"action\":\"start\",\"stateUpdates\":{\"name\":\"Old\"}}");
        assertEquals("age", first.path("field").asString(), first.toString());
        Files.writeString(dir.resolve("greet.yaml"), next);
        assertEquals(List.of(), service.reload());
        return first.path("sessionId").asString();
    }

    private static FlowService serve(Path dir) throws Exception {
        Files.writeString(dir.resolve("greet.yaml"), FlowFileReloadTest.V1);
        return new FlowService("memory:", null, FlowCatalog.load(dir.toString()), (Duration) null);
    }

    @Test
    void finishOnOldIsTheDefault(@TempDir Path dir) throws Exception {
        try (FlowService service = serve(dir)) {
            String session = oldSessionThenReload(dir, service, V2);
            Answer done = call(
                    service,
                    "{\"action\":\"continue\",\"sessionId\":\"" + session + "\",\"stateUpdates\":{\"age\":40}}");
            assertEquals("complete", done.path("status").asString(), done.toString());
            assertEquals("1", done.version());
            Answer fresh = call(service, "{\"action\":\"start\",\"stateUpdates\":{\"name\":\"New\",\"age\":2}}");
            assertEquals("city", fresh.path("field").asString(), fresh.toString());
            assertEquals("2", fresh.version());
        }
    }

    @Test
    void migrateMovesOldSessionsOntoTheNewVersion(@TempDir Path dir) throws Exception {
        String migrating = V2 + """
                versioning:
                  policy: migrate
                  migrate:
                    from: "1"
                    nodes: {ask_age: ask_years}
                    set: {name: "state.name + ' (moved)'"}
                """;
        try (FlowService service = serve(dir)) {
            String session = oldSessionThenReload(dir, service, migrating);
            Answer next = call(
                    service,
                    "{\"action\":\"continue\",\"sessionId\":\"" + session + "\",\"stateUpdates\":{\"age\":40}}");
            assertEquals("city", next.path("field").asString(), "continues on version 2's path: " + next);
            assertEquals("2", next.version());
            Answer done = call(
                    service,
                    "{\"action\":\"continue\",\"sessionId\":\"" + session + "\",\"stateUpdates\":{\"city\":\"Oslo\"}}");
            assertEquals("complete", done.path("status").asString(), done.toString());
            assertTrue(done.toString().contains("Hi Old (moved) from Oslo"), done.toString());
        }
    }

    @Test
    void restartSendsOldSessionsBackToTheFirstQuestion(@TempDir Path dir) throws Exception {
        String restarting = V2 + "versioning: {policy: restart}\n";
        try (FlowService service = serve(dir)) {
            String session = oldSessionThenReload(dir, service, restarting);
            Answer next = call(
                    service,
                    "{\"action\":\"continue\",\"sessionId\":\"" + session + "\",\"stateUpdates\":{\"age\":40}}");
            assertEquals("interrupt", next.path("status").asString(), next.toString());
            assertEquals("name", next.path("field").asString(), "starts over: " + next);
            assertEquals("2", next.version());
        }
    }

    @Test
    void anOldVersionKeptInItsOwnFileServesItsSessionsAfterARestart(@TempDir Path dir) throws Exception {
        String store = "file:" + dir.resolve("store");
        Path flows = Files.createDirectory(dir.resolve("flows"));
        Files.writeString(flows.resolve("greet.yaml"), FlowFileReloadTest.V1);
        String session;
        try (FlowService first = new FlowService(store, null, FlowCatalog.load(flows.toString()), (Duration) null)) {
            session = call(first, "{\"action\":\"start\",\"stateUpdates\":{\"name\":\"Old\"}}")
                    .path("sessionId")
                    .asString();
        }
        // the deployment: version 2 in greet.yaml, version 1 kept beside it
        Files.writeString(flows.resolve("greet-v1.yaml"), FlowFileReloadTest.V1);
        Files.writeString(flows.resolve("greet.yaml"), V2);
        try (FlowService second = new FlowService(store, null, FlowCatalog.load(flows.toString()), (Duration) null)) {
            assertEquals("2", second.engine().flow("greet").orElseThrow().version(), "the highest version is current");
            Answer done = call(
                    second,
                    "{\"action\":\"continue\",\"sessionId\":\"" + session + "\",\"stateUpdates\":{\"age\":40}}");
            assertEquals("complete", done.path("status").asString(), done.toString());
            assertEquals("1", done.version());
        }
    }
}
