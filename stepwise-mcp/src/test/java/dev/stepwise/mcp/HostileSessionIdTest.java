package dev.stepwise.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.store.memory.MemoryStore;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Session ids as a hostile model or host sends them: an id is used exactly as sent or refused with
 * {@code INVALID_INPUT}; never normalised into another session's id, never replaced by the
 * transport session when it has the wrong type, and an over-long one is not echoed back.
 */
class HostileSessionIdTest {

    private FlowEngine engine;
    private FlowToolHandler handler;

    static Flow twoQuestions() {
        return Flow.builder("pair")
                .version("1")
                .description("Asks a name, then an age.")
                .state(StateSchema.builder()
                        .string("name", "Name")
                        .integer("age", "Age in years", f -> f.min(0))
                        .build())
                .ask("ask_name", a -> a.question("name", "Name?"))
                .ask("ask_age", a -> a.question("age", "Age?"))
                .edge(Flow.START, "ask_name")
                .edge("ask_name", "ask_age")
                .edge("ask_age", Flow.END)
                .build();
    }

    @BeforeEach
    void startF1() {
        engine = FlowEngine.builder()
                .store(MemoryStore.builder().build())
                .register(twoQuestions())
                .build();
        handler = new FlowToolHandler(engine, "pair", event -> {});
        JsonNode started =
                call(Map.of("action", "start", "sessionId", "f1", "stateUpdates", Map.of("name", "Ada")), null);
        assertEquals("age", started.path("field").asString(), started.toString());
    }

    private JsonNode call(Map<String, Object> arguments, Map<String, Object> meta) {
        McpSchema.CallToolResult result = handler.apply(null, new McpSchema.CallToolRequest("pair", arguments, meta));
        return Json.mapper().valueToTree(result.structuredContent());
    }

    private void f1Untouched() {
        dev.stepwise.flow.State f1 = engine.sessions()
                .state("pair", "f1")
                .orElseThrow(() -> new AssertionError("f1 was completed or cancelled by a call to another id"));
        assertEquals("Ada", f1.getString("name"));
        assertNull(f1.get("age"), "f1 got an answer meant for another id");
    }

    /** Refused, or a session of exactly that id: never f1's. */
    private void notF1(JsonNode answer, String id) {
        f1Untouched();
        if ("error".equals(answer.path("status").asString())) {
            assertTrue(
                    List.of("INVALID_INPUT", "SESSION_NOT_FOUND")
                            .contains(answer.path("code").asString()),
                    answer.toString());
        } else {
            assertTrue(
                    engine.sessions().state("pair", id).isPresent(),
                    "answered, but not as session " + id + ": " + answer);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f1\u0000", "f1\u0007", "\tf1", "f1\t", " f1", "f1\n"})
    void controlCharactersAndWhitespaceInArgumentsNeverAddressAnotherSession(String id) {
        notF1(call(Map.of("action", "continue", "sessionId", id, "stateUpdates", Map.of("age", 41)), null), id);
        notF1(call(Map.of("action", "start", "sessionId", id, "restart", true), null), id);
        notF1(call(Map.of("action", "cancel", "sessionId", id), null), id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f1\u0000", "f1\u0007", "\tf1", "f1\t", " f1", "f1\n"})
    void controlCharactersAndWhitespaceInMetaNeverAddressAnotherSession(String id) {
        Map<String, Object> meta = Map.of("stepwise/sessionId", id);
        notF1(call(Map.of("action", "continue", "stateUpdates", Map.of("age", 41)), meta), id);
        notF1(call(Map.of("action", "start", "restart", true), meta), id);
        notF1(call(Map.of("action", "cancel"), meta), id);
    }

    @Test
    void aSessionIdOfTheWrongJsonTypeIsRefused() {
        for (Object wrong : List.of(7, true, Map.of("id", "f1"), List.of("f1"))) {
            Map<String, Object> arguments = new HashMap<>();
            arguments.put("action", "continue");
            arguments.put("sessionId", wrong);
            arguments.put("stateUpdates", Map.of("age", 41));
            JsonNode answer = call(arguments, null);
            assertEquals("INVALID_INPUT", answer.path("code").asString(), wrong + ": " + answer);
            f1Untouched();
        }
    }

    @Test
    void theTransportSessionNeverStandsInForAWronglyTypedArgument() {
        for (String raw : List.of("{\"sessionId\":7}", "{\"sessionId\":[\"f1\"]}", "{\"sessionId\":{}}")) {
            SessionIds.Resolved resolved = SessionIds.resolve(null, Json.parse(raw), "f1");
            assertFalse("f1".equals(resolved.id()), raw + " resolved to the transport session " + resolved);
        }
    }

    @Test
    void anOverLongIdIsRefusedWithoutEchoingIt() {
        for (int length : List.of(257, 1025, 100_000)) {
            String id = "x".repeat(length);
            JsonNode fromArgs = call(Map.of("action", "start", "sessionId", id), null);
            assertEquals("INVALID_INPUT", fromArgs.path("code").asString(), length + " in arguments");
            assertFalse(fromArgs.toString().contains("x".repeat(100)), "the id was echoed back: " + length);
            JsonNode fromMeta = call(Map.of("action", "start"), Map.of("stepwise/sessionId", id));
            assertEquals("INVALID_INPUT", fromMeta.path("code").asString(), length + " in _meta");
            assertFalse(fromMeta.toString().contains("x".repeat(100)), "the id was echoed back: " + length);
        }
    }

    @Test
    void anIdIsUsedExactlyAsSent() {
        JsonNode started = call(Map.of("action", "start", "sessionId", "F1"), null);
        assertEquals("F1", started.path("sessionId").asString(), started.toString());
        f1Untouched();
    }
}
