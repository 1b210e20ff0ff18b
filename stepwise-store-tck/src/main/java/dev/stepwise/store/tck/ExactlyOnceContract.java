package dev.stepwise.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.store.VersionedStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Exactly-once through the engine on every backend: duplicates of one {@code requestId} racing
 * from independent clients (one engine per client, as separate servers would be) run the turn once
 * and all get its answer, the first start of a new session included; one {@code ctx.once} key reached by racing turns runs its body once; an
 * answered {@code requestId} repeated after many other turns gets its original answer. Effects are
 * counted outside the store ({@link OnceFlow}), so a second execution cannot hide in a
 * last-writer-wins record.
 */
public interface ExactlyOnceContract extends StoreContract {

    /** Racing calls per test, each through its own client and engine. */
    int DUPLICATES = 8;

    /** More than any count-bounded answer cache the engine ever had (it kept 8). */
    int CALLS_BETWEEN = 12;

    private static FlowEngine engine(VersionedStore client, OnceFlow flow) {
        return FlowEngine.builder()
                .store(client)
                .register(flow.flow())
                .maxAttempts(200)
                .build();
    }

    private List<FlowEngine> engines(OnceFlow flow) {
        List<FlowEngine> engines = new ArrayList<>();
        engines.add(engine(store(), flow));
        while (engines.size() < DUPLICATES) {
            engines.add(engine(fixture().newClient(), flow));
        }
        return engines;
    }

    /**
     * Calls until the answer is not a retryable error (a duplicate may be told to come back while
     * the first call runs), as a client retrying the same request would.
     */
    private static ObjectNode answer(FlowEngine engine, FlowCall call) {
        AtomicReference<ObjectNode> answer = new AtomicReference<>();
        Poll.until("an answer that is not a retryable error for request " + call.requestId(), () -> {
            FlowResponse response = engine.call(call);
            if (response instanceof FlowResponse.Failed failed && failed.retryable()) {
                return false;
            }
            answer.set(response.toJson(false));
            return true;
        });
        return answer.get();
    }

    private static FlowCall charge(String session, String requestId) {
        return FlowCall.resume(OnceFlow.ID, session)
                .update("item", "book")
                .requestId(requestId)
                .build();
    }

    private static String started(FlowEngine engine) {
        String session = "once-" + UUID.randomUUID();
        FlowResponse start =
                engine.call(FlowCall.start(OnceFlow.ID).sessionId(session).build());
        assertEquals("interrupt", start.status(), start.toJson(true).toString());
        return session;
    }

    @Test
    default void concurrentDuplicatesOfOneRequestRunItOnceAndAllGetItsAnswer() {
        OnceFlow flow = new OnceFlow();
        List<FlowEngine> engines = engines(flow);
        String session = started(engines.get(0));
        String requestId = "r-" + UUID.randomUUID();

        List<ObjectNode> answers = Race.run(DUPLICATES, i -> answer(engines.get(i), charge(session, requestId)));

        assertEquals(1, flow.onceRuns.get(), "the ctx.once body ran more than once for one request");
        assertEquals(1, flow.effects.get(), "the action's effect ran more than once for one requestId");
        ObjectNode first = answers.get(0);
        assertEquals("interrupt", first.get("status").asString(), first.toString());
        for (int i = 1; i < DUPLICATES; i++) {
            assertEquals(first, answers.get(i), "duplicate " + i + " got another answer than duplicate 0");
        }
        assertEquals(
                1L,
                engines.get(DUPLICATES - 1)
                        .sessions()
                        .state(OnceFlow.ID, session)
                        .orElseThrow()
                        .getLong("stamp"),
                "the saved state counts one execution");
    }

    @Test
    default void concurrentDuplicatesOfTheFirstStartOfASessionRunItsFirstTurnOnce() {
        OnceFlow flow = new OnceFlow();
        List<FlowEngine> engines = engines(flow);
        // a new session whose first turn already reaches the action: there is no record to claim in yet
        FlowCall start = FlowCall.start(OnceFlow.ID)
                .sessionId("once-" + UUID.randomUUID())
                .update("item", "book")
                .requestId("r-" + UUID.randomUUID())
                .build();

        List<ObjectNode> answers = Race.run(DUPLICATES, i -> answer(engines.get(i), start));

        assertEquals(1, flow.effects.get(), "the first turn ran more than once for one requestId");
        assertEquals(1, flow.onceRuns.get(), "the ctx.once body of the first turn ran more than once");
        ObjectNode first = answers.get(0);
        assertEquals("interrupt", first.get("status").asString(), first.toString());
        for (int i = 1; i < DUPLICATES; i++) {
            assertEquals(first, answers.get(i), "duplicate " + i + " got another answer than duplicate 0");
        }
    }

    @Test
    default void oneOnceKeyReachedByRacingTurnsRunsItsBodyOnce() {
        OnceFlow flow = new OnceFlow(DUPLICATES);
        List<FlowEngine> engines = engines(flow);
        String session = started(engines.get(0));

        List<ObjectNode> answers =
                Race.run(DUPLICATES, i -> answer(engines.get(i), charge(session, "r" + i + "-" + UUID.randomUUID())));

        assertEquals(1, flow.onceRuns.get(), "racing turns ran one ctx.once key's body more than once");
        for (int i = 0; i < DUPLICATES; i++) {
            ObjectNode answer = answers.get(i);
            assertEquals("interrupt", answer.get("status").asString(), "request " + i + ": " + answer);
            assertEquals(
                    true,
                    answer.get("context").asString().endsWith("charge=1"),
                    "request " + i + " did not see the one recorded outcome: " + answer);
        }
        assertEquals(
                (long) DUPLICATES,
                engines.get(0)
                        .sessions()
                        .state(OnceFlow.ID, session)
                        .orElseThrow()
                        .getLong("turns"),
                "every distinct request is applied to the state exactly once");
    }

    @Test
    default void racingContinuesOnEnginesThatEachRememberAnOlderRecordApplyEveryAnswerOnce() {
        // each engine runs a continue on the record it saved last without reading it first; here every
        // engine but the last holds a stale one, and all of them race
        OnceFlow flow = new OnceFlow();
        List<FlowEngine> engines = engines(flow);
        String session = started(engines.get(0));
        for (FlowEngine engine : engines) {
            assertFalse(answer(engine, item(session)).has("code"), "a sequential call failed");
        }

        List<ObjectNode> answers = Race.run(DUPLICATES, i -> answer(engines.get(i), item(session)));

        for (int i = 0; i < DUPLICATES; i++) {
            assertEquals("interrupt", answers.get(i).get("status").asString(), "call " + i + ": " + answers.get(i));
        }
        assertEquals(1, flow.onceRuns.get(), "the ctx.once body ran more than once");
        assertEquals(
                (long) 2 * DUPLICATES,
                engines.get(0)
                        .sessions()
                        .state(OnceFlow.ID, session)
                        .orElseThrow()
                        .getLong("turns"),
                "every call's answer is applied to the state exactly once");
    }

    /** A continue without a requestId: nothing but the compare-and-set save keeps it from applying twice. */
    private static FlowCall item(String session) {
        return FlowCall.resume(OnceFlow.ID, session).update("item", "book").build();
    }

    @Test
    default void anAnsweredRequestRepeatedAfterManyOtherCallsGetsItsOriginalAnswer() {
        OnceFlow flow = new OnceFlow();
        FlowEngine engine = engine(store(), flow);
        FlowEngine other = engine(fixture().newClient(), flow);
        String session = started(engine);
        String first = "r0-" + UUID.randomUUID();
        ObjectNode original = answer(engine, charge(session, first));
        Set<String> requestIds = new HashSet<>();
        requestIds.add(first);
        for (int i = 1; i <= CALLS_BETWEEN; i++) {
            String requestId = "r" + i + "-" + UUID.randomUUID();
            requestIds.add(requestId);
            assertFalse(answer(engine, charge(session, requestId)).has("code"), "call " + i + " failed");
        }

        ObjectNode repeated = answer(other, charge(session, first));

        assertEquals(original, repeated, "the repeated request did not get its original answer");
        assertEquals(
                requestIds.size(),
                flow.effects.get(),
                "a request repeated after " + CALLS_BETWEEN + " other calls was applied again");
        assertEquals(
                (long) requestIds.size(),
                other.sessions().state(OnceFlow.ID, session).orElseThrow().getLong("turns"),
                "turns applied to the state");
    }
}
