package dev.stepwise.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.VersionedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Whole flows run through the store: the engine's guarantees must hold on every backend. */
public interface EngineScenarioContract extends StoreContract {

    private FlowEngine engine(VersionedStore client) {
        return FlowEngine.builder()
                .store(client)
                .register(ScenarioFlows.quote(), ScenarioFlows.counter())
                .maxAttempts(200)
                .build();
    }

    @Test
    default void aWholeFlowRunsToCompletionAndItsStateIsGone() {
        FlowEngine engine = engine(store());
        String session = "s-" + UUID.randomUUID();
        assertEquals(
                "interrupt",
                engine.call(FlowCall.start("tck_quote").sessionId(session).build())
                        .status());
        assertEquals(
                "interrupt",
                engine.call(FlowCall.resume("tck_quote", session)
                                .update("name", "Ada")
                                .update("email", "ada@example.com")
                                .build())
                        .status());
        assertEquals(
                "widget",
                engine.call(FlowCall.resume("tck_quote", session)
                                .update("age", "34")
                                .build())
                        .status());
        FlowResponse done = engine.call(
                FlowCall.resume("tck_quote", session).update("plan", "basic").build());
        assertEquals("complete", done.status(), done.toJson(true).toString());
        assertEquals(54, done.toJson(false).get("result").get("premium").asInt());
        assertTrue(engine.sessions().state("tck_quote", session).isEmpty());
        FlowResponse late = engine.call(
                FlowCall.resume("tck_quote", session).update("plan", "premium").build());
        assertEquals(
                ErrorCode.FLOW_COMPLETED,
                assertInstanceOf(FlowResponse.Failed.class, late).code());
        List<Item> log = store().readItems(SessionKeys.key("tck_quote", session), ItemWindow.last(10));
        assertEquals(4, log.size(), "one log item per saved turn, appended with the turn");
    }

    @Test
    default void aNewStoreClientResumesTheFlowWhereTheOldOneLeftIt() throws Exception {
        String session = "s-" + UUID.randomUUID();
        engine(store())
                .call(FlowCall.start("tck_quote")
                        .sessionId(session)
                        .update("name", "Ada")
                        .build());
        VersionedStore restarted = fixture().newClient();
        FlowEngine after = engine(restarted);
        FlowResponse r = after.call(FlowCall.resume("tck_quote", session).build());
        assertEquals(
                "email", r.toJson(false).get("field").asString(), r.toJson(true).toString());
        assertEquals(
                "Ada",
                after.sessions().state("tck_quote", session).orElseThrow().getString("name"));
    }

    @Test
    default void concurrentContinuesThroughTwoClientsLoseNothing() throws Exception {
        String session = "c-" + UUID.randomUUID();
        List<FlowEngine> engines = List.of(engine(store()), engine(fixture().newClient()));
        engines.get(0).call(FlowCall.start("tck_counter").sessionId(session).build());
        int threads = 4;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> acked = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            FlowEngine engine = engines.get(t % 2);
            acked.add(pool.submit(() -> {
                go.await();
                int ok = 0;
                for (int i = 0; i < perThread; i++) {
                    FlowResponse r = engine.call(FlowCall.resume("tck_counter", session)
                            .update("delta", 1)
                            .build());
                    if ("interrupt".equals(r.status())) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : acked) {
            total += f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        assertEquals(threads * perThread, total, "every continue was acknowledged");
        assertEquals(
                (long) total,
                engines.get(1)
                        .sessions()
                        .state("tck_counter", session)
                        .orElseThrow()
                        .getLong("total"),
                "the counter equals the acknowledged calls");
    }
}
