package dev.stepwise.engine;

import static dev.stepwise.engine.TestFlows.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.memory.MemoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** One turn at a time: shapes, coercion, re-asks, widgets, idempotency, failures. */
class EngineTurnTest {

    private final MemoryStore store = MemoryStore.builder().build();
    private final AtomicInteger effects = new AtomicInteger();
    private final FlowEngine engine = FlowEngine.builder()
            .store(store)
            .register(TestFlows.quote("quote", effects).build(), TestFlows.loopForever())
            .build();

    private FlowResponse call(CallAction action, String session, Map<String, ?> updates) {
        FlowCall.Builder b = FlowCall.of("quote", action).sessionId(session);
        updates.forEach(b::update);
        return engine.call(b.build());
    }

    private Stored stored(String session) {
        return store.read(SessionKeys.key("quote", session)).orElseThrow();
    }

    @Test
    void asksOnlyUnansweredQuestionsAndCollapsesToTheSingleShape() {
        FlowResponse r = call(CallAction.START, "s1", Map.of());
        ObjectNode json = r.toJson(false);
        assertEquals("interrupt", json.get("status").asString());
        assertEquals(List.of("name", "email"), fields(r));
        assertEquals("Ask both.", json.get("context").asString());
        r = call(CallAction.CONTINUE, "s1", Map.of("name", "Ada"));
        json = r.toJson(false);
        assertEquals("email", json.get("field").asString());
        assertEquals("Email?", json.get("question").asString());
        assertEquals("string", json.get("fieldSchema").get("type").asString());
        assertFalse(json.has("questions"));
    }

    @Test
    void startPrefilledSkipsAnsweredQuestionsButStillValidates() {
        FlowResponse r = call(CallAction.START, "s1", Map.of("name", "Ada", "email", "ADA@X.IO", "age", 15));
        assertEquals(List.of("age"), fields(r));
        assertTrue(r.toJson(false).get("context").asString().startsWith("ERROR: the driver must be at least 18"));
        assertEquals(
                "ada@x.io", engine.sessions().state("quote", "s1").orElseThrow().getString("email"));
        assertNull(engine.sessions().state("quote", "s1").orElseThrow().get("age"), "a rejected answer is not kept");
    }

    @Test
    void numericStringsAreCoercedAndGarbageIsReAskedWithTheReason() {
        call(CallAction.START, "s1", Map.of("name", "Ada", "email", "a@b.co"));
        FlowResponse r = call(CallAction.CONTINUE, "s1", Map.of("age", "abc"));
        assertEquals(List.of("age"), fields(r));
        assertEquals(
                "ERROR: age must be a number, not \"abc\"",
                r.toJson(false).get("context").asString());
        r = call(CallAction.CONTINUE, "s1", Map.of("age", "34"));
        assertEquals("widget", r.status());
        assertEquals(
                34,
                engine.sessions().state("quote", "s1").orElseThrow().get("age").asInt());
        assertTrue(
                engine.sessions().state("quote", "s1").orElseThrow().get("age").isIntegralNumber());
    }

    @Test
    void aWrongValueForAnAnsweredFieldKeepsTheEarlierAnswerAndSaysWhy() {
        call(CallAction.START, "s1", Map.of("name", "Ada"));
        FlowResponse r = call(CallAction.CONTINUE, "s1", Map.of("name", Map.of("first", "x")));
        assertEquals(List.of("email"), fields(r));
        assertTrue(
                r.toJson(false).get("context").asString().contains("ERROR: name must be a string"),
                r.toJson(false).toString());
        assertEquals("Ada", engine.sessions().state("quote", "s1").orElseThrow().getString("name"), "nothing is lost");
    }

    @Test
    void undeclaredFieldsAreRefusedAndNothingIsSaved() {
        call(CallAction.START, "s1", Map.of("name", "Ada"));
        long before = stored("s1").version();
        FlowResponse r = call(CallAction.CONTINUE, "s1", Map.of("email", "a@b.co", "shoeSize", 44));
        FlowResponse.Failed failed = assertInstanceOf(FlowResponse.Failed.class, r);
        assertEquals(ErrorCode.INVALID_INPUT, failed.code());
        assertTrue(failed.message().contains("'shoeSize'"), failed.message());
        assertEquals(before, stored("s1").version());
        assertNull(engine.sessions().state("quote", "s1").orElseThrow().get("email"));
    }

    @Test
    void nestedPartialObjectsAndDotPathsBothReachNestedFields() {
        FlowResponse r = call(CallAction.START, "s1", Map.of("driver", Map.of("licence", "X1")));
        assertEquals("interrupt", r.status());
        assertEquals("X1", engine.sessions().state("quote", "s1").orElseThrow().getString("driver.licence"));
        call(CallAction.CONTINUE, "s1", Map.of("driver.licence", "Y2"));
        assertEquals("Y2", engine.sessions().state("quote", "s1").orElseThrow().getString("driver.licence"));
    }

    @Test
    void aFieldNamedTwiceInOneCallTakesTheValueGivenLast() {
        Map<String, Object> pathLast = new LinkedHashMap<>();
        pathLast.put("driver", Map.of("licence", "X1"));
        pathLast.put("driver.licence", "Y2");
        call(CallAction.START, "s1", pathLast);
        assertEquals("Y2", engine.sessions().state("quote", "s1").orElseThrow().getString("driver.licence"));

        Map<String, Object> objectLast = new LinkedHashMap<>();
        objectLast.put("driver.licence", "Z3");
        objectLast.put("driver", Map.of("licence", "W4"));
        call(CallAction.CONTINUE, "s1", objectLast);
        assertEquals("W4", engine.sessions().state("quote", "s1").orElseThrow().getString("driver.licence"));

        Map<String, Object> clearedLast = new LinkedHashMap<>();
        clearedLast.put("driver.licence", "V5");
        clearedLast.put("driver", Json.parse("{\"licence\": null}"));
        call(CallAction.CONTINUE, "s1", clearedLast);
        assertNull(engine.sessions().state("quote", "s1").orElseThrow().get("driver.licence"));
    }

    private void toWidget(String session) {
        call(CallAction.START, session, Map.of("name", "Ada", "email", "a@b.co"));
        assertEquals(
                "widget", call(CallAction.CONTINUE, session, Map.of("age", 40)).status());
    }

    @Test
    void changingAResponsesTypeHintChangesNoOtherResponse() {
        FlowResponse.Interrupt first = (FlowResponse.Interrupt) call(CallAction.START, "s1", Map.of());
        first.questions().get(0).fieldSchema().put("type", "changed by a caller");
        FlowResponse.Interrupt second = (FlowResponse.Interrupt) call(CallAction.START, "s2", Map.of());
        assertEquals(
                "string", second.questions().get(0).fieldSchema().get("type").asString());
        assertEquals(
                "string", first.questions().get(0).fieldSchema().get("type").asString());

        toWidget("w1");
        FlowResponse.Widget widget = (FlowResponse.Widget) call(CallAction.CONTINUE, "w1", Map.of());
        ((tools.jackson.databind.node.ArrayNode) widget.fieldSchema().get("values")).removeAll();
        toWidget("w2");
        ObjectNode shown = call(CallAction.CONTINUE, "w2", Map.of()).toJson(false);
        assertEquals(2, shown.get("fieldSchema").get("values").size(), shown.toString());
        shown.withObject("fieldSchema").put("type", "changed");
        assertEquals("enum", widget.toJson(false).get("fieldSchema").get("type").asString());
    }

    @Test
    void aWidgetFieldIsEnforced() {
        toWidget("s1");
        FlowResponse r = call(CallAction.CONTINUE, "s1", Map.of());
        assertEquals("widget", r.status(), "continue without the widget's field shows the widget again");
        ObjectNode json = r.toJson(false);
        assertEquals("plan_picker", json.get("tool").asString());
        assertEquals(50, json.get("data").get("premium").asInt());
        assertEquals("enum", json.get("fieldSchema").get("type").asString());
        r = call(CallAction.CONTINUE, "s1", Map.of("plan", "gold"));
        assertEquals("widget", r.status());
        assertTrue(
                r.toJson(false).get("context").asString().startsWith("ERROR: plan must be one of basic, premium"),
                "a rejected widget answer says why in context, as the contract says: " + r.toJson(false));
        assertFalse(
                r.toJson(false).get("description").asString().contains("ERROR"),
                "one place for the error: " + r.toJson(false));
        r = call(CallAction.CONTINUE, "s1", Map.of("plan", "premium"));
        assertEquals("complete", r.status());
        assertEquals("premium", r.toJson(false).get("result").get("plan").asString());
    }

    @Test
    void aRepeatedRequestIdGetsTheSameAnswerWithoutRunningAgain() {
        call(CallAction.START, "s1", Map.of("name", "Ada", "email", "a@b.co"));
        FlowCall first = FlowCall.resume("quote", "s1")
                .update("age", 40)
                .requestId("r-1")
                .build();
        FlowResponse a = engine.call(first);
        long version = stored("s1").version();
        FlowResponse b = engine.call(first);
        assertEquals(a.toJson(true).toString(), b.toJson(true).toString());
        assertEquals(version, stored("s1").version(), "the replay wrote nothing");
        assertEquals(1, effects.get());
        FlowCall finish = FlowCall.resume("quote", "s1")
                .update("plan", "basic")
                .requestId("r-2")
                .build();
        FlowResponse done = engine.call(finish);
        assertEquals("complete", done.status());
        assertEquals(
                done.toJson(false).toString(), engine.call(finish).toJson(false).toString(), "even after completion");
    }

    @Test
    void aFailingNodeLeavesTheStoredSessionAsItWas() {
        Flow flow = Flow.builder("fragile")
                .description("d")
                .state(StateSchema.builder().string("x", "x").build())
                .ask("ask", a -> a.question("x", "x?"))
                .action("boom", ctx -> {
                    throw new IllegalStateException("payment service down");
                })
                .edge(Flow.START, "ask")
                .edge("ask", "boom")
                .edge("boom", Flow.END)
                .build();
        FlowEngine e = FlowEngine.builder().store(store).register(flow).build();
        e.call(FlowCall.start("fragile").sessionId("f").build());
        Stored before = store.read(StoreKey.session("fragile:f")).orElseThrow();
        FlowResponse r = e.call(FlowCall.resume("fragile", "f").update("x", "v").build());
        FlowResponse.Failed failed = assertInstanceOf(FlowResponse.Failed.class, r);
        assertEquals(ErrorCode.NODE_FAILED, failed.code());
        assertTrue(failed.message().contains("payment service down"), failed.message());
        Stored after = store.read(StoreKey.session("fragile:f")).orElseThrow();
        assertEquals(before.version(), after.version());
        assertTrue(e.sessions().state("fragile", "f").orElseThrow().get("x") == null);
    }

    @Test
    void widgetDataOrAResultThatHoldsItselfFailsTheNodeAndKeepsTheSession() {
        // a flow's bug, not the engine's: the call answers NODE_FAILED instead of a StackOverflowError
        Map<String, Object> cycle = new HashMap<>();
        cycle.put("self", cycle);
        List<Object> cyclicList = new ArrayList<>();
        cyclicList.add(Map.of("again", cyclicList));
        Flow flow = Flow.builder("cyclic")
                .description("d")
                .state(StateSchema.builder().string("x", "x").build())
                .ask("ask", a -> a.question("x", "x?"))
                .widget("show", "viewer", w -> w.data(ctx -> cycle))
                .edge(Flow.START, "ask")
                .edge("ask", "show")
                .edge("show", Flow.END)
                .build();
        Flow resulting = Flow.builder("cyclic_result")
                .description("d")
                .state(StateSchema.builder().string("x", "x").build())
                .ask("ask", a -> a.question("x", "x?"))
                .edge(Flow.START, "ask")
                .edge("ask", Flow.END)
                .result(state -> Map.of("items", cyclicList))
                .build();
        FlowEngine e = FlowEngine.builder()
                .store(store)
                .register(flow)
                .register(resulting)
                .build();
        for (String id : List.of("cyclic", "cyclic_result")) {
            e.call(FlowCall.start(id).sessionId("c").build());
            Stored before = store.read(StoreKey.session(id + ":c")).orElseThrow();
            FlowResponse r = e.call(FlowCall.resume(id, "c").update("x", "v").build());
            FlowResponse.Failed failed = assertInstanceOf(FlowResponse.Failed.class, r, id);
            assertEquals(ErrorCode.NODE_FAILED, failed.code(), id);
            assertTrue(failed.message().contains("refers to itself"), failed.message());
            assertFalse(failed.message().contains("StackOverflow"), failed.message());
            assertEquals(
                    before.version(),
                    store.read(StoreKey.session(id + ":c")).orElseThrow().version(),
                    id);
        }
    }

    @Test
    void aLoopWithoutPauseStopsAtTheLoopLimit() {
        FlowResponse r = engine.call(FlowCall.start("spin").sessionId("s").build());
        assertEquals(
                ErrorCode.LOOP_LIMIT,
                assertInstanceOf(FlowResponse.Failed.class, r).code());
        assertTrue(store.read(StoreKey.session("spin:s")).isEmpty());
    }

    @Test
    void oversizedUpdatesAreRefused() {
        FlowResponse r = call(CallAction.START, "s1", Map.of("name", "x".repeat(70_000)));
        assertEquals(
                ErrorCode.PAYLOAD_TOO_LARGE,
                assertInstanceOf(FlowResponse.Failed.class, r).code());
        assertTrue(store.read(StoreKey.session("quote:s1")).isEmpty());
    }

    @Test
    void updatesAreMeasuredExactlyAtTheLimit() {
        // {"name":"é…"}: 11 bytes around the value, 2 per é; a bound-only check would refuse it early
        String name = "é".repeat(20);
        int exact = Json.size(Json.object().put("name", name));
        FlowEngine limited = FlowEngine.builder()
                .store(store)
                .register(TestFlows.quote("quote", effects).build())
                .maxUpdateBytes(exact)
                .build();
        FlowResponse accepted = limited.call(
                FlowCall.start("quote").sessionId("s1").update("name", name).build());
        assertEquals("interrupt", accepted.status());
        FlowResponse refused = limited.call(FlowCall.start("quote")
                .sessionId("s2")
                .update("name", name + "a")
                .build());
        FlowResponse.Failed failed = assertInstanceOf(FlowResponse.Failed.class, refused);
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, failed.code());
        assertEquals("stateUpdates is " + (exact + 1) + " bytes; the limit is " + exact, failed.message());
        assertTrue(store.read(StoreKey.session("quote:s2")).isEmpty());
    }

    @Test
    void badSessionIdsAndMissingSessionsGetClearErrors() {
        assertEquals(ErrorCode.INVALID_INPUT, ((FlowResponse.Failed) call(CallAction.CONTINUE, null, Map.of())).code());
        assertEquals(ErrorCode.INVALID_INPUT, ((FlowResponse.Failed) call(CallAction.START, "a\nb", Map.of())).code());
        assertEquals(
                ErrorCode.INVALID_INPUT,
                ((FlowResponse.Failed) call(CallAction.START, "x".repeat(300), Map.of())).code());
        FlowResponse.Failed missing = (FlowResponse.Failed) call(CallAction.CONTINUE, "nope", Map.of());
        assertEquals(ErrorCode.SESSION_NOT_FOUND, missing.code());
        assertFalse(missing.retryable());
        assertEquals(
                ErrorCode.INVALID_INPUT,
                ((FlowResponse.Failed) engine.call(FlowCall.start("nosuch").build())).code());
    }

    @Test
    void aGeneratedSessionIdHas128BitsAndIsReturned() {
        FlowResponse r = engine.call(FlowCall.start("quote").build());
        String id = r.meta().sessionId();
        assertEquals(32, id.length());
        assertEquals(id, r.toJson(true).get("sessionId").asString());
        assertTrue(engine.sessions().state("quote", id).isPresent());
    }

    @Test
    void sessionAccessorsReadSetAndDelete() {
        call(CallAction.START, "s1", Map.of());
        engine.sessions().setField("quote", "s1", "age", "41");
        assertEquals(
                41, engine.sessions().field("quote", "s1", "age").orElseThrow().asInt());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> engine.sessions().setField("quote", "s1", "age", "old"));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> engine.sessions().setField("quote", "s1", "nope", 1));
        assertTrue(engine.sessions().delete("quote", "s1"));
        assertTrue(engine.sessions().state("quote", "s1").isEmpty());
        assertFalse(engine.sessions().delete("quote", "s1"));
    }

    @Test
    void anActionReturningNullIsAnEmptyPatch() {
        Flow flow = Flow.builder("nulls")
                .description("d")
                .action("a", ctx -> null)
                .edge(Flow.START, "a")
                .edge("a", Flow.END)
                .build();
        FlowEngine e = FlowEngine.builder().store(store).register(flow).build();
        assertEquals("complete", e.call(FlowCall.start("nulls").build()).status(), "null patch must not fail the node");
    }
}
