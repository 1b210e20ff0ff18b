package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.memory.MemoryStore;
import org.junit.jupiter.api.Test;

/** Tool arguments as a model sends them, good and bad. */
class ToolArgumentsTest {

    private final FlowEngine engine = FlowEngine.builder().store(MemoryStore.builder().build())
            .register(TestFlows.quote()).build();

    private String error(String args) {
        FlowResponse r = engine.call("quote", Json.parse(args), null, null);
        FlowResponse.Failed failed = assertInstanceOf(FlowResponse.Failed.class, r, () -> r.toJson(true).toString());
        assertEquals(ErrorCode.INVALID_INPUT, failed.code());
        return failed.message();
    }

    @Test
    void decodesEveryArgument() {
        FlowCall call = ToolArguments.decode("quote", Json.parse("{\"action\":\"start\",\"intent\":\" a quote \","
                + "\"context\":\"\",\"stateUpdates\":{\"name\":\"Ada\"},\"sessionId\":\"s\",\"requestId\":\"r\","
                + "\"restart\":\"true\"}"), null, "u1");
        assertEquals(CallAction.START, call.action());
        assertEquals("a quote", call.intent());
        assertEquals(null, call.context());
        assertEquals("Ada", call.stateUpdates().get("name").asString());
        assertEquals("s", call.sessionId());
        assertEquals("r", call.requestId());
        assertTrue(call.restart());
        assertEquals("u1", call.userId());
        assertEquals("host", ToolArguments.decode("quote", Json.parse("{\"action\":\"continue\",\"sessionId\":\"s\"}"),
                "host", null).sessionId(), "a host-supplied id wins over args.sessionId");
    }

    @Test
    void refusesMalformedArgumentsWithActionableMessages() {
        assertTrue(error("[]").contains("must be a JSON object"));
        assertTrue(error("{}").contains("missing \"action\""));
        assertTrue(error("{\"action\":\"jump\"}").contains("unknown action \"jump\""));
        assertTrue(error("{\"action\":5}").contains("\"action\" must be a string"));
        assertTrue(error("{\"action\":\"start\",\"stateUpdates\":[1]}").contains("stateUpdates must be an object"));
        assertTrue(error("{\"action\":\"continue\",\"age\":34,\"sessionId\":\"s\"}").contains("answers go inside stateUpdates"));
        assertTrue(error("{\"action\":\"start\",\"restart\":\"maybe\"}").contains("true or false"));
        assertTrue(error("{\"action\":\"start\",\"intent\":\"" + "x".repeat(9000) + "\"}").contains("limit"));
    }

    @Test
    void hostileJsonIsRefusedByTheParserBeforeAnythingRuns() {
        assertThrows(JsonException.class, () -> Json.parse("{\"action\":\"start\",\"action\":\"reset\"}"));
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(10_000) + "]".repeat(10_000)));
        assertThrows(JsonException.class, () -> Json.parse("{\"n\": 1" + "0".repeat(200) + "}"));
        assertThrows(JsonException.class, () -> Json.parse("{} {}"));
    }
}
