package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import dev.stepwise.store.memory.MemoryStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What an {@link EngineObserver} is told, and that it can never break a call. */
class EngineObserverTest {

    /** Records every event in order, as text for the nesting and as reports for the details. */
    static final class Recording implements EngineObserver {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<TurnReport> turns = new CopyOnWriteArrayList<>();
        final List<StoreCall> stores = new CopyOnWriteArrayList<>();
        final AtomicInteger purged = new AtomicInteger(-1);

        @Override
        public Watch<TurnReport> turn(@Nullable String flowId, @Nullable CallAction action) {
            events.add("turn " + flowId + " " + action);
            return report -> {
                events.add("turn-end " + report.status());
                turns.add(report);
            };
        }

        @Override
        public Watch<StoreCall> store(String store, StoreCall.Operation operation) {
            events.add("store " + operation.label());
            return report -> {
                events.add("store-end " + report.operation().label());
                stores.add(report);
            };
        }

        @Override
        public void sessionsPurged(long count) {
            purged.set((int) count);
        }
    }

    private final RacingStore store = new RacingStore(MemoryStore.builder().build());
    private final AtomicInteger effects = new AtomicInteger();
    private final Recording recording = new Recording();
    private final FlowEngine engine = FlowEngine.builder()
            .store(store)
            .storeName("racing")
            .observer(recording)
            .register(TestFlows.quote("quote", effects).build(), TestFlows.loopForever())
            .build();

    private FlowResponse call(CallAction action, String session, Map<String, ?> updates) {
        FlowCall.Builder b = FlowCall.of("quote", action).sessionId(session);
        updates.forEach(b::update);
        return engine.call(b.build());
    }

    @Test
    void reportsEachTurnWithItsOutcomeAndCounts() {
        call(CallAction.START, "s1", Map.of());
        call(CallAction.CONTINUE, "s1", Map.of("name", "Ada", "email", "ada@x.io"));
        store.raceNextSave();
        call(CallAction.CONTINUE, "s1", Map.of("age", 30));
        call(CallAction.CONTINUE, "s1", Map.of("plan", "basic"));
        call(CallAction.CONTINUE, "s1", Map.of("plan", "basic"));

        List<TurnReport> turns = recording.turns;
        assertEquals(5, turns.size());
        TurnReport start = turns.get(0);
        assertEquals("quote", start.flowId());
        assertEquals(CallAction.START, start.action());
        assertEquals("ask_contact", start.node());
        assertEquals("interrupt", start.status());
        assertNull(start.error());
        assertTrue(start.sessionStarted());
        assertEquals(1, start.attempts());
        assertEquals(0, start.conflicts());
        assertTrue(start.logItems() > 0, "a saved turn stores its log items");
        assertTrue(start.durationNanos() > 0);

        assertFalse(turns.get(1).sessionStarted());
        assertEquals("ask_age", turns.get(1).node());

        TurnReport raced = turns.get(2);
        assertEquals("widget", raced.status());
        assertEquals("pick", raced.node());
        assertEquals(2, raced.attempts());
        assertEquals(1, raced.reRuns());
        assertEquals(1, raced.conflicts());
        assertEquals(1, raced.onceRuns(), "the re-run reuses the once outcome");
        assertEquals(1, effects.get());

        TurnReport completed = turns.get(3);
        assertEquals("complete", completed.status());
        assertTrue(completed.sessionCompleted());
        assertFalse(completed.sessionCancelled());

        TurnReport late = turns.get(4);
        assertEquals("error", late.status());
        assertEquals(ErrorCode.FLOW_COMPLETED, late.error());
        assertFalse(late.sessionCompleted());
        assertEquals(0, late.logItems());
    }

    @Test
    void storeOperationsNestInsideTheirTurn() {
        call(CallAction.START, "s1", Map.of());
        // a second start on the session this engine just saved reads it (and resumes it), then saves
        recording.events.clear();
        recording.stores.clear();
        call(CallAction.START, "s1", Map.of());
        List<String> events = recording.events;
        assertEquals("turn quote START", events.get(0));
        assertEquals("turn-end interrupt", events.get(events.size() - 1));
        assertTrue(events.contains("store read"), events.toString());
        assertTrue(events.contains("store-end read"), events.toString());
        assertTrue(events.contains("store-end write"), events.toString());
        assertTrue(recording.stores.stream()
                .allMatch(s -> s.store().equals("racing") && s.outcome() == StoreCall.Outcome.OK));
        int depth = 0;
        for (String event : events.subList(1, events.size() - 1)) {
            depth += event.startsWith("store-end") ? -1 : 1;
            assertTrue(depth == 0 || depth == 1, "store operations do not overlap: " + events);
        }
    }

    @Test
    void aLostRaceIsAStoreConflict() {
        call(CallAction.START, "s1", Map.of());
        store.raceNextSave();
        call(CallAction.CONTINUE, "s1", Map.of("name", "Ada", "email", "ada@x.io"));
        assertEquals(
                1,
                recording.stores.stream()
                        .filter(s -> s.outcome() == StoreCall.Outcome.CONFLICT)
                        .count());
    }

    @Test
    void unknownFlowsAndUndecodableArgumentsAreReportedWithoutTheirNames() {
        engine.call(FlowCall.start("nope").build());
        engine.call("quote", Json.mapper().readTree("{\"action\":\"fly\"}"), null, null);
        assertNull(recording.turns.get(0).flowId());
        assertEquals(ErrorCode.INVALID_INPUT, recording.turns.get(0).error());
        assertEquals("quote", recording.turns.get(1).flowId());
        assertNull(recording.turns.get(1).action());
        assertEquals(ErrorCode.INVALID_INPUT, recording.turns.get(1).error());
    }

    @Test
    void aNodeFailureIsAnErrorTurnThatSavesNothing() {
        FlowResponse r = engine.call(FlowCall.start("spin").sessionId("s9").build());
        assertInstanceOf(FlowResponse.Failed.class, r);
        TurnReport report = recording.turns.get(0);
        assertEquals("spin", report.flowId());
        assertEquals(ErrorCode.LOOP_LIMIT, report.error());
        assertFalse(report.sessionStarted());
        assertEquals(0, report.logItems());
    }

    @Test
    void aReplayedAnswerIsMarkedAndStartsNothing() {
        engine.call(FlowCall.start("quote").sessionId("s1").requestId("r1").build());
        engine.call(FlowCall.start("quote").sessionId("s1").requestId("r1").build());
        assertFalse(recording.turns.get(0).replayed());
        assertTrue(recording.turns.get(0).sessionStarted());
        assertTrue(recording.turns.get(1).replayed());
        assertFalse(recording.turns.get(1).sessionStarted());
    }

    @Test
    void purgesAreReported() {
        call(CallAction.START, "s1", Map.of());
        call(CallAction.START, "s2", Map.of());
        assertEquals(2, engine.sessions().purge(SessionQuery.all(50).flow("quote")));
        assertEquals(2, recording.purged.get());
    }

    @Test
    void aFailingObserverNeverChangesACall() {
        EngineObserver broken = new EngineObserver() {
            @Override
            public Watch<TurnReport> turn(@Nullable String flowId, @Nullable CallAction action) {
                return report -> {
                    throw new IllegalStateException("observer bug at the end");
                };
            }

            @Override
            public Watch<StoreCall> store(String store, StoreCall.Operation operation) {
                throw new IllegalStateException("observer bug at the start");
            }

            @Override
            public void sessionsPurged(long count) {
                throw new IllegalStateException("observer bug on purge");
            }
        };
        Recording after = new Recording();
        FlowEngine observed = FlowEngine.builder()
                .store(MemoryStore.builder().build())
                .observer(broken)
                .observer(after)
                .register(TestFlows.quote())
                .build();
        FlowResponse first =
                observed.call(FlowCall.start("quote").sessionId("s1").build());
        assertEquals("interrupt", first.status());
        FlowResponse second = observed.call(FlowCall.resume("quote", "s1")
                .update("name", "Ada")
                .update("email", "ada@x.io")
                .build());
        assertEquals("interrupt", second.status());
        assertEquals(1, observed.sessions().purge(SessionQuery.all(50)));
        assertEquals(2, after.turns.size(), "an observer after a failing one is still told everything");
        assertEquals(1, after.purged.get());
    }
}
