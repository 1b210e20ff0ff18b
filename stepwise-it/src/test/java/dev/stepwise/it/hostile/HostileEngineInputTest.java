package dev.stepwise.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hostile-input catalogue against the engine's tool entry point ({@code FlowEngine.call(flowId,
 * arguments, ...)}), as the MCP layer calls it: each input gets its documented error code and the
 * store is byte-for-byte unchanged afterwards.
 */
class HostileEngineInputTest {

    @TempDir
    Path root;

    private Path storeDir;
    private VersionedStore store;
    private FlowEngine engine;

    @BeforeEach
    void open() {
        storeDir = root.resolve("a").resolve("b").resolve("store");
        store = FileStore.builder(storeDir).build();
        engine = FlowEngine.builder().store(store).register(CounterFlow.flow()).build();
        assertEquals(
                "interrupt", call("{\"action\":\"start\",\"sessionId\":\"s1\"}").status());
        assertEquals(
                "interrupt",
                call("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"delta\":5}}")
                        .status());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private FlowResponse call(String json) {
        return engine.call(CounterFlow.ID, Json.parse(json), null, null);
    }

    private FlowResponse call(JsonNode args) {
        return engine.call(CounterFlow.ID, args, null, null);
    }

    /** Runs {@code args}, expects {@code code}, and checks nothing stored changed. */
    private FlowResponse.Failed refused(JsonNode args, ErrorCode code) {
        Map<String, String> before = StoreSnapshot.of(store);
        Long total = engine.sessions().state(CounterFlow.ID, "s1").orElseThrow().getLong("total");
        FlowResponse r = call(args);
        FlowResponse.Failed failed = assertInstanceOf(
                FlowResponse.Failed.class, r, () -> r.toJson(true).toString());
        assertEquals(code, failed.code(), failed.message());
        assertEquals(before, StoreSnapshot.of(store), "a refused call changed the store");
        assertEquals(
                total,
                engine.sessions().state(CounterFlow.ID, "s1").orElseThrow().getLong("total"));
        return failed;
    }

    static Stream<String> hostileSessionIds() {
        return Stream.of(
                "../../etc/passwd",
                "..\\..\\windows\\win.ini",
                "/etc/shadow",
                "C:\\boot.ini",
                "CON",
                "NUL",
                "aux.txt",
                "COM1",
                "LPT9",
                "con.",
                ".",
                "..",
                "~~deadbeef",
                "a/../../b",
                "%2e%2e%2f",
                "\u202Eevil",
                "emoji-\uD83D\uDE00",
                "S1");
    }

    @ParameterizedTest
    @MethodSource("hostileSessionIds")
    void pathTraversalAndDeviceNameSessionIdsStayInsideTheStore(String id) throws Exception {
        ObjectNode start = Json.object().put("action", "start").put("sessionId", id);
        refused(
                Json.object()
                        .put("action", "continue")
                        .put("sessionId", id)
                        .set("stateUpdates", Json.object().put("delta", 1)),
                ErrorCode.SESSION_NOT_FOUND);
        List<Path> outsideBefore = listOutside();
        assertEquals("interrupt", call(start).status());
        assertEquals(
                "interrupt",
                call(Json.object()
                                .put("action", "continue")
                                .put("sessionId", id)
                                .set("stateUpdates", Json.object().put("delta", 2)))
                        .status());
        assertEquals(
                2L, engine.sessions().state(CounterFlow.ID, id).orElseThrow().getLong("total"), "a distinct session");
        assertEquals(
                5L, engine.sessions().state(CounterFlow.ID, "s1").orElseThrow().getLong("total"));
        assertEquals(outsideBefore, listOutside(), "nothing was written outside the store directory");
    }

    private List<Path> listOutside() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> !p.startsWith(storeDir)).sorted().toList();
        }
    }

    @Test
    void unusableSessionIdsAreInvalidInput() {
        for (String id : List.of("a\u0000b", "bell\u0007", "lone\uD800", "\uDC00x", "x".repeat(1025))) {
            FlowResponse.Failed f =
                    refused(Json.object().put("action", "start").put("sessionId", id), ErrorCode.INVALID_INPUT);
            assertTrue(f.message().contains("sessionId"), f.message());
        }
    }

    @Test
    void tenMegabyteArgumentsAreRefused() {
        String big = "x".repeat(10 * 1024 * 1024);
        refused(
                Json.object()
                        .put("action", "continue")
                        .put("sessionId", "s1")
                        .set("stateUpdates", Json.object().put("note", big)),
                ErrorCode.PAYLOAD_TOO_LARGE);
        refused(
                Json.object().put("action", "start").put("sessionId", "s1").put("intent", big),
                ErrorCode.INVALID_INPUT);
        refused(
                Json.object().put("action", "continue").put("sessionId", "s1").put("requestId", big),
                ErrorCode.INVALID_INPUT);
    }

    @Test
    void tenThousandDeepNestingIsRefusedByTheParserAndByTheEngine() {
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThrows(JsonException.class, () -> Json.parse(deep));
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(10_000) + "]".repeat(10_000)));
        ObjectNode nested = Json.object();
        ObjectNode cursor = nested;
        for (int i = 0; i < 10_000; i++) {
            cursor = cursor.putObject("a");
        }
        // built in memory (no parser in the way), e.g. by an embedding application
        refused(
                Json.object()
                        .put("action", "continue")
                        .put("sessionId", "s1")
                        .set("stateUpdates", Json.object().set("note", nested)),
                ErrorCode.INVALID_INPUT);
        refused(
                Json.object().put("action", "continue").put("sessionId", "s1").set("stateUpdates", nested),
                ErrorCode.INVALID_INPUT);
    }

    @Test
    void wrongTypesEverywhereAreInvalidInput() {
        for (String args : List.of(
                "[]",
                "\"start\"",
                "42",
                "{\"action\":5}",
                "{\"action\":[\"start\"]}",
                "{\"action\":\"continue\",\"sessionId\":{}}",
                "{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":\"delta=1\"}",
                "{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":[1]}",
                "{\"action\":\"start\",\"restart\":\"maybe\"}",
                "{\"action\":\"start\",\"intent\":7}",
                "{\"action\":\"continue\",\"sessionId\":\"s1\",\"requestId\":1}")) {
            refused(Json.parse(args), ErrorCode.INVALID_INPUT);
        }
        refused(null, ErrorCode.INVALID_INPUT);
    }

    @Test
    void wrongTypesInStateUpdatesReaskTheFieldAndSaveNoValue() {
        for (String value : List.of("\"abc\"", "true", "{}", "[1,2]", "1.5", "null")) {
            FlowResponse r =
                    call("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"delta\":" + value + "}}");
            if (r instanceof FlowResponse.Failed failed) {
                assertEquals(ErrorCode.INVALID_INPUT, failed.code(), failed.message());
            } else {
                FlowResponse.Interrupt ask = assertInstanceOf(
                        FlowResponse.Interrupt.class, r, r.toJson(true).toString());
                assertEquals("delta", ask.questions().get(0).field());
            }
            assertEquals(
                    5L,
                    engine.sessions().state(CounterFlow.ID, "s1").orElseThrow().getLong("total"),
                    value);
        }
        Map<String, String> before = StoreSnapshot.of(store);
        FlowResponse.Interrupt ask = assertInstanceOf(
                FlowResponse.Interrupt.class,
                call("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"total\":\"lots\"}}"));
        assertTrue(
                ask.toJson(false).path("context").asString().startsWith("ERROR: total must be a number"),
                ask.toJson(true).toString());
        assertEquals(before.keySet(), StoreSnapshot.of(store).keySet());
        // ARCHITECTURE §3.8: the wrong value is refused and nothing is lost; the earlier total stays.
        assertEquals(
                5L, engine.sessions().state(CounterFlow.ID, "s1").orElseThrow().getLong("total"));
    }

    @Test
    void undeclaredFieldsAndUnknownArgumentsAreRefused() {
        refused(
                Json.parse("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"isAdmin\":true}}"),
                ErrorCode.INVALID_INPUT);
        refused(
                Json.parse("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"__proto__\":{\"x\":1}}}"),
                ErrorCode.INVALID_INPUT);
        refused(
                Json.parse("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"total.x\":1}}"),
                ErrorCode.INVALID_INPUT);
        refused(
                Json.parse("{\"action\":\"continue\",\"sessionId\":\"s1\",\"userId\":\"admin\"}"),
                ErrorCode.INVALID_INPUT);
    }

    @Test
    void unknownActionsAreInvalidInput() {
        for (String action : List.of("delete", "drop", "", " ", "START;DROP", "continue\u0000", "\uD800")) {
            refused(Json.object().put("action", action).put("sessionId", "s1"), ErrorCode.INVALID_INPUT);
        }
    }

    @Test
    void nulAndInvalidUtf16InStateStringsAreRefusedOrStoredExactly() {
        FlowResponse nul = call(Json.object()
                .put("action", "continue")
                .put("sessionId", "s1")
                .set("stateUpdates", Json.object().put("note", "a\u0000b").put("delta", 1)));
        assertEquals("interrupt", nul.status(), nul.toJson(true).toString());
        assertEquals(
                "a\u0000b",
                engine.sessions().state(CounterFlow.ID, "s1").orElseThrow().getString("note"),
                "NUL inside a value is data, stored and returned exactly");
        for (String lone : List.of("x\uD800", "\uDFFFy", "\uDC00\uD800")) {
            refused(
                    Json.object()
                            .put("action", "continue")
                            .put("sessionId", "s1")
                            .set("stateUpdates", Json.object().put("note", lone).put("delta", 1)),
                    ErrorCode.INVALID_INPUT);
        }
    }

    @Test
    void hugeNumbersAreRefused() {
        assertThrows(JsonException.class, () -> Json.parse("{\"delta\":" + "9".repeat(101) + "}"));
        assertThrows(JsonException.class, () -> Json.parse("{\"delta\":1" + "0".repeat(200) + "}"));
        for (String number : List.of(
                "99999999999999999999",
                "1e400",
                "-1e400",
                "1e-400",
                "9223372036854775808",
                "1e999999999",
                "\"1e999999999\"",
                "\"-1E+2147483647\"",
                "\"" + "9".repeat(5000) + "\"")) {
            FlowResponse r =
                    call("{\"action\":\"continue\",\"sessionId\":\"s1\",\"stateUpdates\":{\"delta\":" + number + "}}");
            if (r instanceof FlowResponse.Failed failed) {
                assertEquals(ErrorCode.INVALID_INPUT, failed.code(), failed.message());
            } else {
                assertEquals(
                        "delta",
                        assertInstanceOf(FlowResponse.Interrupt.class, r)
                                .questions()
                                .get(0)
                                .field(),
                        number + ": " + r.toJson(true));
            }
            assertEquals(
                    5L,
                    engine.sessions().state(CounterFlow.ID, "s1").orElseThrow().getLong("total"),
                    number);
        }
    }

    @Test
    void duplicateJsonKeysAreRefusedByTheParser() {
        JsonException e = assertThrows(
                JsonException.class,
                () -> Json.parse("{\"action\":\"continue\",\"action\":\"cancel\",\"sessionId\":\"s1\"}"));
        assertTrue(e.getMessage().contains("action"), e.getMessage());
        assertThrows(JsonException.class, () -> Json.parse("{\"stateUpdates\":{\"delta\":1,\"delta\":2}}"));
    }
}
