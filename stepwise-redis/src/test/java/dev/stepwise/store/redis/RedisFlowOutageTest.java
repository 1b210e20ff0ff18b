package dev.stepwise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.tck.Poll;
import dev.stepwise.store.tck.Services;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outage scenarios of {@link RedisOutageTest} one level up, through the flow engine: a turn
 * during an outage answers a retryable {@code STORE_UNAVAILABLE}, and retrying the same call
 * (same requestId) after Redis is back counts it exactly once.
 */
class RedisFlowOutageTest {

    private RedisServerProcess server;
    private RedisStore store;
    private FlowEngine engine;

    @BeforeEach
    void start() {
        Services.assume("Redis", RedisServerProcess.binary() != null, "redis-server is not on the PATH");
        server = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always");
        store = RedisStore.builder(server.uri())
                .keyPrefix("flow-outage:")
                .commandTimeout(Duration.ofMillis(300))
                .build();
        // A short claim lease: a call whose claim write timed out (and landed later) holds its requestId
        // until the lease lapses; the retry then takes it over.
        engine = FlowEngine.builder()
                .store(store)
                .register(counter())
                .claims(Duration.ofSeconds(2), Duration.ofMillis(200))
                .build();
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTurnWhileRedisIsDownIsRetryableAndItsRetryCountsOnce() {
        String session = "s-" + UUID.randomUUID();
        engine.call(FlowCall.start("counter").sessionId(session).build());
        assertEquals("interrupt", add(session, "r1").status());
        server.kill();

        FlowResponse down = add(session, "r2");
        assertEquals(
                ErrorCode.STORE_UNAVAILABLE,
                assertInstanceOf(FlowResponse.Failed.class, down).code());
        assertTrue(((FlowResponse.Failed) down).retryable());

        server.launch();
        retryUntilAnswered(session, "r2");
        assertEquals(
                2L, engine.sessions().state("counter", session).orElseThrow().getLong("total"));
    }

    @Test
    void aTurnWhoseSaveTimedOutButLandedLaterCountsOnceWhenRetried() {
        String session = "s-" + UUID.randomUUID();
        engine.call(FlowCall.start("counter").sessionId(session).build());
        assertEquals("interrupt", add(session, "r1").status());
        StoreKey key = StoreKey.session("counter:" + session);
        long before = store.read(key).orElseThrow().version();
        server.cli("CLIENT", "PAUSE", "1500", "WRITE");

        FlowResponse paused = add(session, "r2");
        assertEquals(
                ErrorCode.STORE_UNAVAILABLE,
                assertInstanceOf(FlowResponse.Failed.class, paused).code(),
                "the load went through, the save timed out");

        Poll.until("the delayed save lands once the pause ends", Duration.ofSeconds(20), () -> {
            try {
                return store.read(key).orElseThrow().version() > before;
            } catch (StoreUnavailableException e) {
                return false; // queued behind the paused save on the same connection
            }
        });
        retryUntilAnswered(session, "r2");
        assertEquals(
                2L,
                engine.sessions().state("counter", session).orElseThrow().getLong("total"),
                "the paused turn, applied late or not at all, and its retry count once together");
    }

    private void retryUntilAnswered(String session, String requestId) {
        Poll.until("the retried turn is answered", Duration.ofSeconds(20), () -> {
            FlowResponse r = add(session, requestId);
            if (r instanceof FlowResponse.Failed failed) {
                // Retryable answers only: the store is still catching up, or the late-landed claim of the
                // timed-out call still holds the requestId until its lease lapses.
                assertTrue(
                        failed.code() == ErrorCode.STORE_UNAVAILABLE || failed.code() == ErrorCode.IN_PROGRESS,
                        failed.toJson(true).toString());
                return false;
            }
            assertEquals("interrupt", r.status());
            return true;
        });
    }

    private FlowResponse add(String session, String requestId) {
        return engine.call(FlowCall.resume("counter", session)
                .update("delta", 1)
                .requestId(requestId)
                .build());
    }

    private static Flow counter() {
        return Flow.builder("counter")
                .description("adds delta to total on each continue")
                .state(StateSchema.builder()
                        .integer("delta", "Delta")
                        .integer("total", "Total", f -> f.optional())
                        .build())
                .ask("ask", a -> a.question("delta", "Delta?"))
                .action("add", ctx -> {
                    Long total = ctx.state().getLong("total");
                    return Patch.of(
                                    "total",
                                    (total == null ? 0 : total) + ctx.state().getLong("delta"))
                            .with("delta", null);
                })
                .edge(Flow.START, "ask")
                .edge("ask", "add")
                .edge("add", "ask")
                .build();
    }
}
