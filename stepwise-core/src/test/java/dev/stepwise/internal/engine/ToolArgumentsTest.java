package dev.stepwise.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.TestFlows;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.memory.MemoryStore;
import org.junit.jupiter.api.Test;

/** Tool arguments as a model sends them, good and bad. */
class ToolArgumentsTest {

    private final FlowEngine engine = FlowEngine.builder()
            .store(MemoryStore.builder().build())
            .register(TestFlows.quote())
            .build();

    private String error(String args) {
        FlowResponse r = engine.call("quote", Json.parse(args), null, null);
        FlowResponse.Failed failed = assertInstanceOf(
                FlowResponse.Failed.class, r, () -> r.toJson(true).toString());
        assertEquals(ErrorCode.INVALID_INPUT, failed.code());
        return failed.message();
    }

    @Test
    void decodesEveryArgument() {
        FlowCall call = ToolArguments.decode(
                "quote",
                Json.parse("{\"action\":\"start\",\"intent\":\" a quote \","
                        + "\"context\":\"\",\"stateUpdates\":{\"name\":\"Ada\"},\"sessionId\":\"s\",\"requestId\":\"r\","
                        + "\"restart\":\"true\"}"),
                null,
                "u1");
        assertEquals(CallAction.START, call.action());
        assertEquals("a quote", call.intent());
        assertEquals(null, call.context());
        assertEquals("Ada", call.stateUpdates().get("name").asString());
        assertEquals("s", call.sessionId());
        assertEquals("r", call.requestId());
        assertTrue(call.restart());
        assertEquals("u1", call.userId());
        assertEquals(
                "host",
                ToolArguments.decode("quote", Json.parse("{\"action\":\"continue\",\"sessionId\":\"s\"}"), "host", null)
                        .sessionId(),
                "a host-supplied id wins over args.sessionId");
    }

    @Test
    void refusesMalformedArgumentsWithActionableMessages() {
        assertTrue(error("[]").contains("must be a JSON object"));
        assertTrue(error("{}").contains("missing \"action\""));
        assertTrue(error("{\"action\":\"jump\"}").contains("unknown action \"jump\""));
        assertTrue(error("{\"action\":5}").contains("\"action\" must be a string"));
        assertTrue(error("{\"action\":\"start\",\"stateUpdates\":[1]}").contains("stateUpdates must be an object"));
        assertTrue(error("{\"action\":\"continue\",\"age\":34,\"sessionId\":\"s\"}")
                .contains("answers go inside stateUpdates"));
        assertTrue(error("{\"action\":\"start\",\"restart\":\"maybe\"}").contains("true or false"));
        assertTrue(error("{\"action\":\"start\",\"intent\":\"" + "x".repeat(9000) + "\"}")
                .contains("limit"));
    }

    @Test
    void hostileJsonIsRefusedByTheParserBeforeAnythingRuns() {
        assertThrows(JsonException.class, () -> Json.parse("{\"action\":\"start\",\"action\":\"reset\"}"));
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(10_000) + "]".repeat(10_000)));
        assertThrows(JsonException.class, () -> Json.parse("{\"n\": 1" + "0".repeat(200) + "}"));
        assertThrows(JsonException.class, () -> Json.parse("{} {}"));
    }

    @Test
    void controlCharactersAreNotTrimmedAwayIntoAnotherSessionOrAction() {
        assertTrue(error("{\"action\":\"start\",\"sessionId\":\"s\\u0007\"}").contains("control character"));
        assertTrue(error("{\"action\":\"start\",\"sessionId\":\"s\\u0000\"}").contains("control character"));
        assertTrue(error("{\"action\":\"start\\u0000\"}").contains("unknown action"));
        FlowCall spaced = ToolArguments.decode(
                "quote", Json.parse("{\"action\":\" start\\n\",\"sessionId\":\" s \"}"), null, null);
        assertEquals(CallAction.START, spaced.action(), "whitespace around an action is still ignored");
        // issue 14: a session id is used exactly as sent (the engine then refuses " s "), never trimmed into "s"
        assertEquals(" s ", spaced.sessionId());
        assertTrue(error("{\"action\":\"start\",\"sessionId\":\" s \"}").contains("starts or ends with a space"));
        assertTrue(error("{\"action\":\"start\",\"sessionId\":\"\\ts\"}").contains("control character"));
    }

    @Test
    void deepTreesAndUnpairedSurrogatesAreInvalidInputNotExceptions() {
        tools.jackson.databind.node.ObjectNode deep = Json.object();
        tools.jackson.databind.node.ObjectNode cursor = deep;
        for (int i = 0; i < 10_000; i++) {
            cursor = cursor.putObject("name");
        }
        FlowResponse nested =
                engine.call(new FlowCall("quote", CallAction.START, "deep", null, null, deep, null, false, null));
        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertInstanceOf(FlowResponse.Failed.class, nested).code());
        assertTrue(((FlowResponse.Failed) nested).message().contains("deeper than"));
        FlowResponse lone = engine.call(FlowCall.start("quote")
                .sessionId("lone")
                .update("name", "Ada\uD800")
                .build());
        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertInstanceOf(FlowResponse.Failed.class, lone).code());
        assertTrue(((FlowResponse.Failed) lone).message().contains("surrogate"));
        assertTrue(
                engine.sessions().state("quote", "deep").isEmpty()
                        && engine.sessions().state("quote", "lone").isEmpty(),
                "nothing saved");
    }
}
