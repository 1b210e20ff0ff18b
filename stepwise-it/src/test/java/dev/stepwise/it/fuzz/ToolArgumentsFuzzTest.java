package dev.stepwise.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.flow.State;
import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.memory.MemoryStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes the flow tool's entry point: arbitrary JSON text as tool arguments, and arbitrary
 * stateUpdates merged into a live session. Whatever comes in, the engine answers (never throws),
 * with a code that describes bad input, and a saved state always fits the schema.
 */
class ToolArgumentsFuzzTest {

    private static final Set<ErrorCode> INPUT_CODES =
            EnumSet.of(ErrorCode.INVALID_INPUT, ErrorCode.SESSION_NOT_FOUND, ErrorCode.PAYLOAD_TOO_LARGE);

    private static final FlowEngine ENGINE = FlowEngine.builder()
            .store(MemoryStore.builder().build())
            .register(CounterFlow.flow())
            .build();

    static {
        ENGINE.call(FlowCall.start(CounterFlow.ID).sessionId("live").build());
    }

    @FuzzTest(maxDuration = "2m")
    void toolArgumentsNeverBreakTheEngine(String text) {
        if (text == null) {
            return; // Jazzer may pass null for a String parameter
        }
        JsonNode arguments;
        try {
            arguments = Json.parse(text);
        } catch (JsonException refused) {
            return; // the strict parser refused it: duplicate keys, depth, number length, bad syntax
        }
        FlowResponse r = ENGINE.call(CounterFlow.ID, arguments, null, null);
        assertNotNull(r);
        if (r instanceof FlowResponse.Failed failed) {
            assertTrue(
                    INPUT_CODES.contains(failed.code()) || failed.code() == ErrorCode.FLOW_COMPLETED,
                    () -> failed.code() + " for " + text + ": " + failed.message());
        }
        assertNotNull(r.toJson(true));
        schemaHolds(ENGINE.sessions().state(CounterFlow.ID, "live").orElse(null));
    }

    @FuzzTest(maxDuration = "2m")
    void stateUpdatesAreMergedOrRefusedNeverHalfApplied(FuzzedDataProvider data) {
        ObjectNode updates = Json.object();
        int fields = data.consumeInt(0, 4);
        for (int i = 0; i < fields; i++) {
            String name = data.pickValue(
                    new String[] {"delta", "total", "note", "note.x", "delta.y", "zz", "", data.consumeString(12)});
            updates.set(name, value(data, 0));
        }
        String session = "s" + data.consumeInt(0, 3);
        ENGINE.call(FlowCall.start(CounterFlow.ID).sessionId(session).build());
        State before = ENGINE.sessions().state(CounterFlow.ID, session).orElse(null);
        FlowResponse r = ENGINE.call(new FlowCall(
                CounterFlow.ID,
                dev.stepwise.engine.CallAction.CONTINUE,
                session,
                null,
                null,
                updates,
                null,
                false,
                null));
        State after = ENGINE.sessions().state(CounterFlow.ID, session).orElse(null);
        if (r instanceof FlowResponse.Failed failed) {
            assertTrue(
                    INPUT_CODES.contains(failed.code()) || failed.code() == ErrorCode.FLOW_COMPLETED,
                    () -> failed.code() + " for " + updates + ": " + failed.message());
            assertTrue(
                    before == null
                            ? after == null
                            : after != null && before.toJson().equals(after.toJson()),
                    "a refused call changed the state: " + updates);
        }
        schemaHolds(after);
    }

    private static JsonNode value(FuzzedDataProvider data, int depth) {
        switch (data.consumeInt(0, depth > 3 ? 5 : 7)) {
            case 0:
                return Json.nodes().nullNode();
            case 1:
                return Json.nodes().booleanNode(data.consumeBoolean());
            case 2:
                return Json.nodes().numberNode(data.consumeLong());
            case 3:
                return Json.nodes()
                        .numberNode(new BigDecimal(BigInteger.valueOf(data.consumeLong()), data.consumeInt(-400, 400)));
            case 4:
                return Json.nodes().numberNode(data.consumeDouble());
            case 5:
                return Json.nodes().stringNode(data.consumeString(64));
            case 6: {
                ObjectNode o = Json.object();
                int n = data.consumeInt(0, 3);
                for (int i = 0; i < n; i++) {
                    o.set(data.consumeString(8), value(data, depth + 1));
                }
                return o;
            }
            default: {
                tools.jackson.databind.node.ArrayNode a = Json.mapper().createArrayNode();
                int n = data.consumeInt(0, 3);
                for (int i = 0; i < n; i++) {
                    a.add(value(data, depth + 1));
                }
                return a;
            }
        }
    }

    private static void schemaHolds(State state) {
        if (state == null) {
            return;
        }
        JsonNode total = state.toJson().get("total");
        assertTrue(total == null || total.isNull() || total.isIntegralNumber(), "total is an integer: " + total);
        JsonNode note = state.toJson().get("note");
        assertTrue(note == null || note.isNull() || note.isString(), "note is a string: " + note);
    }
}
