package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Ask;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.InvalidAnswer;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.store.memory.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Racing calls lose nothing; one session's code never runs for another. */
class EngineConcurrencyTest {

    private final MemoryStore store = MemoryStore.builder().build();

    @Test
    void concurrentContinuesFromTwoEnginesLoseNothing() throws Exception {
        FlowEngine a = FlowEngine.builder()
                .store(store)
                .register(TestFlows.counter())
                .maxAttempts(64)
                .build();
        FlowEngine b = FlowEngine.builder()
                .store(store)
                .register(TestFlows.counter())
                .maxAttempts(64)
                .build();
        a.call(FlowCall.start("counter").sessionId("c").build());
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> acked = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            FlowEngine engine = t % 2 == 0 ? a : b;
            acked.add(pool.submit(() -> {
                go.await();
                int ok = 0;
                for (int i = 0; i < perThread; i++) {
                    FlowResponse r = engine.call(
                            FlowCall.resume("counter", "c").update("delta", 1).build());
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
            total += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(threads * perThread, total, "every call was acknowledged");
        assertEquals(
                total,
                a.sessions().state("counter", "c").orElseThrow().getLong("total"),
                "no acknowledged call was lost");
    }

    @Test
    void twoConcurrentAnswersToOneAskAreBothKept() throws Exception {
        FlowEngine engine =
                FlowEngine.builder().store(store).register(TestFlows.quote()).build();
        for (int round = 0; round < 20; round++) {
            String session = "s" + round;
            engine.call(FlowCall.start("quote").sessionId(session).build());
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<?> name = pool.submit(call(
                    go,
                    () -> engine.call(FlowCall.resume("quote", session)
                            .update("name", "Ada")
                            .build())));
            Future<?> email = pool.submit(call(
                    go,
                    () -> engine.call(FlowCall.resume("quote", session)
                            .update("email", "a@b.co")
                            .build())));
            go.countDown();
            name.get(10, TimeUnit.SECONDS);
            email.get(10, TimeUnit.SECONDS);
            pool.shutdown();
            var state = engine.sessions().state("quote", session).orElseThrow();
            assertEquals("Ada", state.getString("name"));
            assertEquals("a@b.co", state.getString("email"));
        }
    }

    private static <T> Callable<T> call(CountDownLatch go, Callable<T> body) {
        return () -> {
            go.await();
            return body.call();
        };
    }

    /**
     * Validators are built per call from the session's own state (askWith): a French session's
     * postcode rule never runs for a British session, even when their calls interleave.
     */
    @Test
    void aValidatorOfOneSessionNeverRunsForAnother() throws Exception {
        AtomicInteger crossed = new AtomicInteger();
        CountDownLatch frInside = new CountDownLatch(1);
        CountDownLatch ukDone = new CountDownLatch(1);
        Flow flow = Flow.builder("address")
                .description("d")
                .state(StateSchema.builder()
                        .enumeration("country", "Country", "FR", "UK")
                        .string("postcode", "Postcode")
                        .string("checkedBy", "Who checked", f -> f.optional())
                        .build())
                .ask("ask_country", a -> a.question("country", "Country?"))
                .askWith("ask_postcode", ctx -> {
                    String country = ctx.state().getString("country");
                    String session = ctx.sessionId();
                    return Ask.builder()
                            .question(
                                    "postcode",
                                    "Postcode?",
                                    q -> q.validator((value, vctx) -> {
                                        if (!vctx.sessionId().equals(session)) {
                                            crossed.incrementAndGet();
                                        }
                                        if (country.equals("FR")) {
                                            frInside.countDown();
                                            await(ukDone);
                                            if (!value.asString().matches("[0-9]{5}")) {
                                                throw InvalidAnswer.because("FR postcodes have 5 digits");
                                            }
                                        }
                                        return Patch.of("checkedBy", country);
                                    }))
                            .build();
                })
                .edge(Flow.START, "ask_country")
                .edge("ask_country", "ask_postcode")
                .edge("ask_postcode", Flow.END)
                .build();
        FlowEngine engine = FlowEngine.builder()
                .store(store)
                .register(flow)
                .keepCompletedState(true)
                .build();
        engine.call(FlowCall.start("address")
                .sessionId("fr")
                .update("country", "FR")
                .build());
        engine.call(FlowCall.start("address")
                .sessionId("uk")
                .update("country", "UK")
                .build());
        ExecutorService pool = Executors.newFixedThreadPool(1);
        Future<FlowResponse> fr = pool.submit(() -> engine.call(
                FlowCall.resume("address", "fr").update("postcode", "75001").build()));
        assertTrue(frInside.await(10, TimeUnit.SECONDS));
        FlowResponse uk = engine.call(
                FlowCall.resume("address", "uk").update("postcode", "SW1A 1AA").build());
        ukDone.countDown();
        assertEquals("complete", uk.status(), uk.toJson(true).toString());
        assertEquals("UK", uk.toJson(false).get("result").get("checkedBy").asString());
        FlowResponse frDone = fr.get(10, TimeUnit.SECONDS);
        assertEquals("FR", frDone.toJson(false).get("result").get("checkedBy").asString());
        assertEquals(0, crossed.get());
        pool.shutdown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
