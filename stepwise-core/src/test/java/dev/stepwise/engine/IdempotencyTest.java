package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.TestClock;
import dev.stepwise.store.memory.MemoryStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** requestId answers kept by time within a byte bound, and claims that lapse. */
class IdempotencyTest {

    private final TestClock clock = new TestClock();
    private final MemoryStore store = MemoryStore.builder().clock(clock).build();

    private FlowEngine engine(Flow flow, Duration window, int maxBytes, Duration wait) {
        return FlowEngine.builder()
                .store(store)
                .clock(clock)
                .register(flow)
                .idempotency(window, maxBytes)
                .claims(Duration.ofSeconds(30), wait)
                .build();
    }

    private static FlowCall add(String requestId) {
        FlowCall.Builder call = FlowCall.resume("counter", "s").update("delta", 1);
        return (requestId == null ? call : call.requestId(requestId)).build();
    }

    private long total(FlowEngine engine) {
        return engine.sessions().state("counter", "s").orElseThrow().getLong("total");
    }

    @Test
    void answersAreKeptForTheWindowHoweverManyTurnsFollowThenExpire() {
        FlowEngine engine = engine(TestFlows.counter(), Duration.ofMinutes(10), 128 * 1024, Duration.ofSeconds(5));
        engine.call(FlowCall.start("counter").sessionId("s").build());
        ObjectNode first = engine.call(add("r0")).toJson(false);
        for (int i = 1; i <= 30; i++) {
            engine.call(add("r" + i));
        }
        clock.advance(Duration.ofMinutes(9));
        assertEquals(first, engine.call(add("r0")).toJson(false), "replayed within the window after 30 turns");
        assertEquals(31, total(engine), "r0 was not applied again");
        clock.advance(Duration.ofMinutes(2));
        engine.call(add("r31")); // saving prunes answers older than the window
        engine.call(add("r0"));
        assertEquals(33, total(engine), "past the window r0 is a new request");
    }

    @Test
    void theByteBoundRefusesNewRequestIdsButDropsNoAnswerInsideTheWindow() {
        FlowEngine engine = engine(TestFlows.counter(), Duration.ofHours(1), 2_000, Duration.ofSeconds(5));
        engine.call(FlowCall.start("counter").sessionId("s").build());
        int answered = 0;
        FlowResponse last = null;
        for (int i = 0; i < 200; i++) {
            last = engine.call(add("request-" + i));
            if (last instanceof FlowResponse.Failed) {
                break;
            }
            answered++;
        }
        FlowResponse.Failed refused = (FlowResponse.Failed) last;
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, refused.code(), refused.message());
        assertTrue(refused.message().contains("requestId"), refused.message());
        int kept = Json.size(Json.parseObject(store.read(SessionKeys.key("counter", "s"))
                        .orElseThrow()
                        .value())
                .get("answers"));
        assertTrue(kept > 2_000, "refused at " + kept + " bytes");
        assertTrue(refused.message().startsWith("this session keeps " + kept + " bytes of answers"), refused.message());
        assertTrue(answered > 3, "a few answers fit in 2000 bytes: " + answered);
        for (int i = 0; i < answered; i++) {
            assertEquals("interrupt", engine.call(add("request-" + i)).status(), "request-" + i + " still replays");
        }
        assertEquals(answered, total(engine));
        assertEquals("interrupt", engine.call(add(null)).status(), "a call without requestId still runs");
        clock.advance(Duration.ofMinutes(61));
        assertEquals("interrupt", engine.call(add("after-the-window")).status(), "expired answers make room");
    }

    @Test
    void aDuplicateOfARunningCallIsInProgressAndALapsedClaimIsTakenOver() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Flow slow = Flow.builder("counter")
                .description("Counts slowly")
                .state(StateSchema.builder()
                        .integer("delta", "Amount to add")
                        .integer("total", "Running total", f -> f.computed())
                        .build())
                .ask("ask_delta", a -> a.question("delta", "How much?"))
                .action("add", ctx -> {
                    if (runs.incrementAndGet() == 1) {
                        entered.countDown();
                        release.await(60, TimeUnit.SECONDS);
                    }
                    Long total = ctx.state().getLong("total");
                    return Patch.of("total", (total == null ? 0 : total) + 1).with("delta", null);
                })
                .edge(Flow.START, "ask_delta")
                .edge("ask_delta", "add")
                .edge("add", "ask_delta")
                .build();
        FlowEngine engine = engine(slow, Duration.ofHours(1), 128 * 1024, Duration.ZERO);
        engine.call(FlowCall.start("counter").sessionId("s").build());
        CompletableFuture<FlowResponse> stalled = CompletableFuture.supplyAsync(() -> engine.call(add("r")));
        assertTrue(entered.await(60, TimeUnit.SECONDS), "the first call reached its action");

        FlowResponse.Failed busy = (FlowResponse.Failed) engine.call(add("r"));
        assertEquals(ErrorCode.IN_PROGRESS, busy.code(), busy.message());
        assertTrue(busy.retryable());
        assertEquals(1, runs.get(), "the duplicate did not run the turn");

        clock.advance(Duration.ofSeconds(31)); // the first caller stalled past its lease
        FlowResponse takenOver = engine.call(add("r"));
        assertEquals("interrupt", takenOver.status(), takenOver.toJson(false).toString());
        release.countDown();
        FlowResponse first = stalled.get(60, TimeUnit.SECONDS);
        assertEquals(takenOver.toJson(false), first.toJson(false), "the stalled call answers the saved answer");
        assertEquals(1, total(engine), "one saved turn for r");
        assertNotEquals(0, runs.get());
    }
}
