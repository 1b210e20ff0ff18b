package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.memory.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code continue} on a session this engine saved last runs on the record it remembers, without
 * reading it; what the store holds decides whether that turn counts. These tests put another writer
 * between two turns and check that no answer is lost, applied twice or refused on a stale record.
 */
class GuessedTurnTest {

    private final MemoryStore memory = MemoryStore.builder().build();

    /** Adds {@code delta} to {@code total}, refusing (the action throws) a total above 10. */
    private static Flow capped(List<Long> seenTotals) {
        return Flow.builder("capped")
                .description("Adds up to ten")
                .state(StateSchema.builder()
                        .integer("delta", "Amount to add")
                        .integer("total", "Running total", f -> f.optional())
                        .build())
                .ask("ask_delta", a -> a.question("delta", "How much?"))
                .action("add", ctx -> {
                    Long before = ctx.state().getLong("total");
                    long total = (before == null ? 0 : before) + ctx.state().getLong("delta");
                    seenTotals.add(before == null ? 0 : before);
                    if (total > 10) {
                        throw new IllegalStateException("the total would pass ten");
                    }
                    return Patch.of("total", total).with("delta", null);
                })
                .edge(Flow.START, "ask_delta")
                .edge("ask_delta", "add")
                .edge("add", "ask_delta")
                .build();
    }

    private FlowEngine engine(CountingStore store, List<Long> seen, boolean readEveryTurn) {
        return FlowEngine.builder()
                .store(store)
                .readEveryTurn(readEveryTurn)
                .register(capped(seen), TestFlows.counter())
                .build();
    }

    private static FlowResponse add(FlowEngine engine, long delta) {
        return engine.call(FlowCall.resume("capped", "s").update("delta", delta).build());
    }

    /** The session's total after {@code turn}, which must have been answered without an error. */
    private long total(FlowEngine engine, FlowResponse turn) {
        assertEquals("interrupt", turn.status(), turn.toJson(false).toString());
        return total(engine);
    }

    private long total(FlowEngine engine) {
        return engine.sessions().state("capped", "s").orElseThrow().getLong("total");
    }

    @Test
    void aTurnOnTheSessionThisEngineSavedLastReadsNothing() {
        CountingStore store = new CountingStore(memory);
        FlowEngine engine = engine(store, new ArrayList<>(), false);
        engine.call(FlowCall.start("capped").sessionId("s").build());
        int reads = store.reads.get();
        int writes = store.writes.size();
        assertEquals("interrupt", add(engine, 2).status());
        assertEquals("interrupt", add(engine, 3).status());
        assertEquals(0, store.reads.get() - reads, "both turns ran on the record the engine saved");
        assertEquals(2, store.writes.size() - writes, "one compare-and-set save each");
        assertEquals(5, total(engine));
    }

    @Test
    void readEveryTurnReadsBeforeEachTurn() {
        CountingStore store = new CountingStore(memory);
        FlowEngine engine = engine(store, new ArrayList<>(), true);
        engine.call(FlowCall.start("capped").sessionId("s").build());
        int reads = store.reads.get();
        add(engine, 2);
        add(engine, 3);
        assertEquals(2, store.reads.get() - reads);
    }

    @Test
    void aCallWithARequestIdReadsFirst() {
        CountingStore store = new CountingStore(memory);
        FlowEngine engine = engine(store, new ArrayList<>(), false);
        engine.call(FlowCall.start("capped").sessionId("s").build());
        int reads = store.reads.get();
        FlowResponse r = engine.call(FlowCall.resume("capped", "s")
                .update("delta", 2)
                .requestId("r-1")
                .build());
        assertEquals("interrupt", r.status(), r.toJson(false).toString());
        assertEquals(1, store.reads.get() - reads, "its answer may be kept in the record: read it");
    }

    @Test
    void aTurnAnotherServerTookInBetweenRunsAgainOnTheFreshRecordAndTheSessionIsReadFromThenOn() {
        List<Long> seen = new ArrayList<>();
        CountingStore store = new CountingStore(memory);
        FlowEngine first = engine(store, seen, false);
        FlowEngine second = engine(new CountingStore(memory), seen, false);
        first.call(FlowCall.start("capped").sessionId("s").build());
        add(first, 2);
        add(second, 3);
        seen.clear();
        int reads = store.reads.get();
        int writes = store.writes.size();
        FlowResponse r = add(first, 4);
        assertEquals("interrupt", r.status(), r.toJson(false).toString());
        assertEquals(1, store.reads.get() - reads, "the re-run's read");
        assertEquals(2, store.writes.size() - writes, "the save that lost, then the one that landed");
        assertEquals(9, total(first), "no answer lost, none applied twice");
        assertEquals(List.of(2L, 5L), seen, "the stale turn ran on 2, the one that counted on 5");

        reads = store.reads.get();
        add(first, 1);
        assertEquals(1, store.reads.get() - reads, "a session another server writes is read first");
        assertEquals(10, total(first));
    }

    @Test
    void aRefusalOnAStaleRecordIsNotAnsweredWhenTheStoredOneAcceptsTheAnswer() {
        // the remembered total (8) would refuse 3; the stored one (another server took it to 0) accepts it
        List<Long> seen = new ArrayList<>();
        FlowEngine first = engine(new CountingStore(memory), seen, false);
        FlowEngine second = engine(new CountingStore(memory), seen, false);
        first.call(FlowCall.start("capped").sessionId("s").build());
        add(first, 8);
        add(second, -8);
        seen.clear();
        FlowResponse r = add(first, 3);
        assertEquals("interrupt", r.status(), r.toJson(false).toString());
        assertEquals(3, total(first));
        assertEquals(List.of(8L, 0L), seen);
    }

    @Test
    void aRefusalOnTheStoredRecordIsAnsweredAfterOneCheckingRead() {
        List<Long> seen = new ArrayList<>();
        CountingStore store = new CountingStore(memory);
        FlowEngine engine = engine(store, seen, false);
        engine.call(FlowCall.start("capped").sessionId("s").build());
        add(engine, 8);
        seen.clear();
        int reads = store.reads.get();
        FlowResponse r = add(engine, 3);
        assertEquals(ErrorCode.NODE_FAILED.name(), r.toJson(false).path("code").asString());
        assertTrue(
                r.toJson(false).path("error").asString().contains("the total would pass ten"),
                r.toJson(false).toString());
        assertEquals(List.of(8L), seen, "the action ran once");
        assertEquals(1, store.reads.get() - reads, "one read confirms the record the refusal came from");
        assertEquals(8, total(engine));
    }

    @Test
    void aSessionCancelledElsewhereIsNotContinuedFromMemory() {
        FlowEngine first = engine(new CountingStore(memory), new ArrayList<>(), false);
        FlowEngine second = engine(new CountingStore(memory), new ArrayList<>(), false);
        first.call(FlowCall.start("capped").sessionId("s").build());
        add(first, 1);
        second.call(FlowCall.of("capped", CallAction.CANCEL).sessionId("s").build());
        FlowResponse r = add(first, 1);
        assertEquals(
                ErrorCode.FLOW_COMPLETED.name(), r.toJson(false).path("code").asString());
    }

    @ParameterizedTest(name = "read every turn: {0}")
    @ValueSource(booleans = {true, false})
    void aOnceBodyNeverRunsOnARecordTheStoreNoLongerHolds(boolean readEveryTurn) {
        // the amount changes elsewhere after this turn loaded (or remembered) the record and before its
        // once claim: the payment must be of the stored amount, not of the one the turn started from
        List<Long> charges = new ArrayList<>();
        Flow pay = Flow.builder("pay")
                .description("Pays an amount once")
                .state(StateSchema.builder()
                        .integer("amount", "Amount")
                        .bool("confirmed", "Go ahead?")
                        .integer("charged", "Charged", f -> f.optional())
                        .build())
                .ask("ask_amount", a -> a.question("amount", "How much?"))
                .ask("ask_confirm", a -> a.question("confirmed", "Sure?"))
                .action("pay", ctx -> {
                    long amount = ctx.state().getLong("amount");
                    long charged = ctx.once("charge", () -> {
                                charges.add(amount);
                                return amount;
                            })
                            .asLong();
                    return Patch.of("charged", charged);
                })
                .edge(Flow.START, "ask_amount")
                .edge("ask_amount", "ask_confirm")
                .edge("ask_confirm", "pay")
                .edge("pay", Flow.END)
                .build();
        FlowEngine second = FlowEngine.builder().store(memory).register(pay).build();
        AtomicBoolean armed = new AtomicBoolean();
        CountingStore racing = new CountingStore(memory) {
            @Override
            public WriteResult write(Write write) {
                if (write.items().isEmpty() && armed.compareAndSet(true, false)) {
                    FlowResponse reset = second.call(FlowCall.of("pay", CallAction.RESET)
                            .sessionId("p")
                            .update("amount", 20)
                            .build());
                    assertEquals(
                            "interrupt", reset.status(), reset.toJson(false).toString());
                }
                return super.write(write);
            }
        };
        FlowEngine first = FlowEngine.builder()
                .store(racing)
                .readEveryTurn(readEveryTurn)
                .register(pay)
                .build();
        first.call(FlowCall.start("pay").sessionId("p").build());
        first.call(FlowCall.resume("pay", "p").update("amount", 10).build());
        armed.set(true);

        FlowResponse paid =
                first.call(FlowCall.resume("pay", "p").update("confirmed", true).build());

        assertEquals("complete", paid.status(), paid.toJson(false).toString());
        assertEquals(List.of(20L), charges, "the body ran once, on the stored amount");
        assertEquals(
                20,
                paid.toJson(false).path("result").path("charged").asLong(),
                paid.toJson(false).toString());
    }

    @Test
    void aStartOnASessionThisEngineDoesNotKnowReadsNothing() {
        CountingStore store = new CountingStore(memory);
        FlowEngine engine = engine(store, new ArrayList<>(), false);
        FlowResponse r = engine.call(FlowCall.start("capped").sessionId("s").build());
        assertEquals("interrupt", r.status(), r.toJson(false).toString());
        assertEquals(0, store.reads.get(), "a session this engine does not know is started as a new one");
        assertEquals(1, store.writes.size(), "the save that creates it");
        FlowResponse added = add(engine, 2);
        assertEquals(0, store.reads.get(), "and its next turn runs on the record that save wrote");
        assertEquals(2, total(engine, added));
    }

    @Test
    void aStartOnASessionAnotherServerHoldsAnswersAsAStartThatReadsFirst() {
        List<Long> seen = new ArrayList<>();
        FlowEngine first = engine(new CountingStore(memory), seen, false);
        first.call(FlowCall.start("capped").sessionId("s").build());
        add(first, 2);
        // the same start, with an answer, from two engines that do not know the session: one that
        // reads every turn (what a start used to do) and one that starts it as new
        MemoryStore copy = MemoryStore.builder().build();
        FlowEngine reference = engine(new CountingStore(copy), new ArrayList<>(), true);
        reference.call(FlowCall.start("capped").sessionId("s").build());
        add(reference, 2);
        FlowResponse expected = reference.call(
                FlowCall.start("capped").sessionId("s").update("delta", 3).build());

        CountingStore store = new CountingStore(memory);
        FlowEngine second = engine(store, seen, false);
        seen.clear();
        FlowResponse r = second.call(
                FlowCall.start("capped").sessionId("s").update("delta", 3).build());

        assertEquals(expected.toJson(false), r.toJson(false));
        assertEquals(1, store.reads.get(), "the re-run's read");
        assertEquals(2, store.writes.size(), "the create that found the session, then the save that landed");
        assertEquals(List.of(0L, 2L), seen, "the turn on the guess ran on nothing; the one that counted on 2");
        assertEquals(5, total(second), "the live session went on: its total kept, the answer added once");
    }

    @Test
    void aOnceBodyRunsOnceWhenAStartGuessedNewFindsTheSession() {
        List<String> sent = new ArrayList<>();
        Flow welcome = Flow.builder("welcome")
                .description("Sends a welcome once, then asks a name")
                .state(StateSchema.builder()
                        .string("name", "Name")
                        .bool("sent", "Welcome sent")
                        .build())
                .action("send", ctx -> {
                    ctx.once("welcome", () -> {
                        sent.add("welcome");
                        return true;
                    });
                    return Patch.of("sent", true);
                })
                .ask("ask_name", a -> a.question("name", "Your name?"))
                .edge(Flow.START, "send")
                .edge("send", "ask_name")
                .edge("ask_name", Flow.END)
                .build();
        FlowEngine first = FlowEngine.builder().store(memory).register(welcome).build();
        FlowEngine second = FlowEngine.builder().store(memory).register(welcome).build();
        assertEquals(
                "interrupt",
                first.call(FlowCall.start("welcome").sessionId("w").build()).status());

        FlowResponse again =
                second.call(FlowCall.start("welcome").sessionId("w").build());

        assertEquals("interrupt", again.status(), again.toJson(false).toString());
        assertEquals(List.of("welcome"), sent, "the body ran for the first start only");
    }
}
