package dev.stepwise.engine;

import static dev.stepwise.engine.TestFlows.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.TestClock;
import dev.stepwise.store.Write;
import dev.stepwise.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sessions over time: start vs resume, reset, cancel, completion, expiry, isolation between flows. */
class EngineLifecycleTest {

    private final TestClock clock = new TestClock();
    private final MemoryStore store = MemoryStore.builder().clock(clock).build();
    private final AtomicInteger effects = new AtomicInteger();
    private final FlowEngine engine = FlowEngine.builder()
            .store(store)
            .clock(clock)
            .register(
                    TestFlows.quote("quote", effects).build(),
                    TestFlows.quote("other", new AtomicInteger()).build())
            .completedRetention(Duration.ofMinutes(10))
            .build();

    private FlowResponse call(String flow, CallAction action, String session, Map<String, ?> updates) {
        FlowCall.Builder b = FlowCall.of(flow, action).sessionId(session);
        updates.forEach(b::update);
        return engine.call(b.build());
    }

    private FlowResponse.Failed failed(FlowResponse r) {
        return assertInstanceOf(
                FlowResponse.Failed.class, r, () -> r.toJson(true).toString());
    }

    private void complete(String session) {
        call("quote", CallAction.START, session, Map.of("name", "Ada", "email", "a@b.co", "age", 40));
        assertEquals(
                "complete",
                call("quote", CallAction.CONTINUE, session, Map.of("plan", "basic"))
                        .status());
    }

    @Test
    void startOnALiveSessionResumesInsteadOfOverwriting() {
        call("quote", CallAction.START, "s", Map.of("name", "Ada"));
        FlowResponse again = call("quote", CallAction.START, "s", Map.of());
        assertEquals(List.of("email"), fields(again), "the pending question, with the earlier answer kept");
        FlowResponse restarted =
                engine.call(FlowCall.start("quote").sessionId("s").restart(true).build());
        assertEquals(List.of("name", "email"), fields(restarted));
    }

    @Test
    void twoFlowsInOneSessionDoNotClobberEachOther() {
        call("quote", CallAction.START, "chat-1", Map.of("name", "Ada"));
        call("other", CallAction.START, "chat-1", Map.of("name", "Bob", "email", "bob@b.co"));
        assertEquals(List.of("email"), fields(call("quote", CallAction.CONTINUE, "chat-1", Map.of())));
        assertEquals(
                "Ada", engine.sessions().state("quote", "chat-1").orElseThrow().getString("name"));
        assertEquals(
                "Bob", engine.sessions().state("other", "chat-1").orElseThrow().getString("name"));
    }

    @Test
    void completionReturnsTheResultAndDeletesTheState() {
        complete("s");
        assertTrue(engine.sessions().state("quote", "s").isEmpty());
        String stored =
                new String(store.read(StoreKey.session("quote:s")).orElseThrow().value(), StandardCharsets.UTF_8);
        assertTrue(!stored.contains("Ada") && !stored.contains("a@b.co"), stored);
        assertEquals(
                ErrorCode.FLOW_COMPLETED,
                failed(call("quote", CallAction.CONTINUE, "s", Map.of())).code());
        clock.advance(Duration.ofMinutes(11));
        assertEquals(
                ErrorCode.SESSION_NOT_FOUND,
                failed(call("quote", CallAction.CONTINUE, "s", Map.of())).code());
        assertEquals("interrupt", call("quote", CallAction.START, "s", Map.of()).status(), "start begins anew");
    }

    @Test
    void anIdleSessionExpiresAndEachTurnSlidesItsExpiry() {
        call("quote", CallAction.START, "s", Map.of("name", "Ada"));
        clock.advance(Duration.ofHours(23));
        call("quote", CallAction.CONTINUE, "s", Map.of("email", "a@b.co"));
        clock.advance(Duration.ofHours(23));
        assertEquals(List.of("age"), fields(call("quote", CallAction.CONTINUE, "s", Map.of())));
        clock.advance(Duration.ofHours(25));
        assertEquals(
                ErrorCode.SESSION_NOT_FOUND,
                failed(call("quote", CallAction.CONTINUE, "s", Map.of())).code());
    }

    @Test
    void resetCorrectsAnswersReroutesAndDoesNotRepeatOnceEffects() {
        call("quote", CallAction.START, "s", Map.of("name", "Ada", "email", "a@b.co", "age", 40));
        assertEquals(1, effects.get());
        FlowResponse r = call("quote", CallAction.RESET, "s", Map.of("age", 50));
        assertEquals("widget", r.status(), "answered questions are skipped on the way back");
        assertEquals(60, r.toJson(false).get("data").get("premium").asInt(), "the action re-ran on the corrected age");
        assertEquals(1, effects.get(), "ctx.once did not run the side effect again");
        assertEquals("Q-1", engine.sessions().state("quote", "s").orElseThrow().getString("quoteId"));
        assertEquals(
                ErrorCode.INVALID_INPUT,
                failed(call("quote", CallAction.RESET, "s", Map.of())).code());
    }

    @Test
    void cancelEndsTheSession() {
        call("quote", CallAction.START, "s", Map.of("name", "Ada"));
        FlowResponse r = call("quote", CallAction.CANCEL, "s", Map.of());
        assertEquals(
                "{\"status\":\"cancelled\",\"cancelled\":true}",
                r.toJson(false).toString(),
                "a cancel must not read as a completed flow");
        assertTrue(engine.sessions().state("quote", "s").isEmpty());
        FlowResponse.Failed after = failed(call("quote", CallAction.CONTINUE, "s", Map.of()));
        assertEquals(ErrorCode.FLOW_COMPLETED, after.code());
        assertTrue(after.message().contains("cancelled"), after.message());
    }

    @Test
    void aCorruptRecordIsThatSessionsErrorOnly() {
        call("quote", CallAction.START, "good", Map.of("name", "Ada"));
        store.write(Write.of(
                StoreKey.session("quote:bad"),
                "{not json".getBytes(StandardCharsets.UTF_8),
                Expect.any(),
                Duration.ofHours(1)));
        FlowResponse.Failed bad = failed(call("quote", CallAction.CONTINUE, "bad", Map.of()));
        assertEquals(ErrorCode.INTERNAL, bad.code());
        assertTrue(bad.message().contains("cannot be read"), bad.message());
        assertEquals(List.of("email"), fields(call("quote", CallAction.CONTINUE, "good", Map.of())));
        FlowResponse replaced = engine.call(
                FlowCall.start("quote").sessionId("bad").restart(true).build());
        assertEquals("interrupt", replaced.status());
    }
}
