package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.TestClock;
import dev.stepwise.store.memory.MemoryStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The engine keeps the decoded record of each live session between turns (on by default). A turn
 * served from it must behave exactly as one that decoded the stored bytes, and a record anyone else
 * changed must never be served from it.
 */
class SessionCacheTest {

    /**
     * Each answer {@code n} stores values of every numeric kind a node can produce, and what the turn
     * read back of the previous ones: what a turn reads must not depend on whether its record was
     * decoded or remembered.
     */
    private static Flow typed() {
        return Flow.builder("typed")
                .description("Numbers of every kind")
                .state(StateSchema.builder().integer("n", "A number").build())
                .ask("ask_n", a -> a.question("n", "n?"))
                .action("mix", ctx -> {
                    int n = ctx.state().getInt("n");
                    String seen = ctx.state().has("d")
                            ? ctx.state().getDecimal("d") + " " + ctx.state().getDecimal("f") + " "
                                    + ctx.state().get("l").getClass().getSimpleName() + " "
                                    + ctx.state().get("bd").getClass().getSimpleName() + " "
                                    + ctx.state().get("bi").getClass().getSimpleName() + " "
                                    + ctx.state().get("s").getClass().getSimpleName()
                            : "nothing yet";
                    return Patch.of("d", n * 1.1)
                            .with("f", (float) (n / 10.0))
                            .with("l", (long) n)
                            .with("bd", BigDecimal.valueOf(n))
                            .with("bi", BigInteger.valueOf(n))
                            .with("s", (short) n)
                            .with("nested", List.of(n * 0.1, Map.of("x", (float) n)))
                            .with("seen", seen)
                            .with("n", null);
                })
                .edge(Flow.START, "ask_n")
                .edge("ask_n", "mix")
                .edge("mix", "ask_n")
                .build();
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static FlowEngine engine(MemoryStore store, int cacheSize) {
        return FlowEngine.builder()
                .store(store)
                .clock(CLOCK)
                .sessionCache(cacheSize)
                .register(typed(), TestFlows.counter())
                .build();
    }

    private static JsonNode storedState(MemoryStore store, String flowId, String sessionId) {
        byte[] bytes =
                store.read(SessionKeys.key(flowId, sessionId)).orElseThrow().value();
        return Json.parse(bytes).get("state");
    }

    @Test
    void aRememberedRecordGivesTheTurnWhatADecodedOneGives() {
        MemoryStore cachedStore = MemoryStore.builder().clock(CLOCK).build();
        MemoryStore decodedStore = MemoryStore.builder().clock(CLOCK).build();
        FlowEngine cached = engine(cachedStore, 1_000);
        FlowEngine decoded = engine(decodedStore, 0);
        for (FlowEngine engine : new FlowEngine[] {cached, decoded}) {
            engine.call(FlowCall.start("typed").sessionId("s1").build());
        }
        for (int n = 1; n <= 6; n++) {
            FlowResponse a =
                    cached.call(FlowCall.resume("typed", "s1").update("n", n).build());
            FlowResponse b =
                    decoded.call(FlowCall.resume("typed", "s1").update("n", n).build());
            assertEquals(b.toJson(false), a.toJson(false), "turn " + n);
            assertEquals(
                    storedState(decodedStore, "typed", "s1"), storedState(cachedStore, "typed", "s1"), "turn " + n);
        }
        String seen = storedState(cachedStore, "typed", "s1").get("seen").asString();
        // what a turn after n = 5 reads of the values stored with 5: decimals, as the stored text gives them
        assertEquals("5.5 0.5 IntNode IntNode IntNode IntNode", seen);
    }

    @Test
    void aTurnWrittenByAnotherServerIsReadFromTheStore() {
        MemoryStore shared = MemoryStore.builder().build();
        FlowEngine first = engine(shared, 1_000);
        FlowEngine second = engine(shared, 1_000);
        first.call(FlowCall.start("counter").sessionId("c").build());
        first.call(FlowCall.resume("counter", "c").update("delta", 1).build());
        second.call(FlowCall.resume("counter", "c").update("delta", 10).build());
        FlowResponse response =
                first.call(FlowCall.resume("counter", "c").update("delta", 100).build());
        assertEquals("interrupt", response.status(), response.toJson(false).toString());
        assertEquals(111, storedState(shared, "counter", "c").get("total").asInt());
    }

    @Test
    void aSessionDeletedAndBegunAgainIsNotTheOneRemembered() {
        MemoryStore shared = MemoryStore.builder().build();
        FlowEngine first = engine(shared, 1_000);
        FlowEngine second = engine(shared, 1_000);
        first.call(FlowCall.start("counter").sessionId("c").build());
        first.call(FlowCall.resume("counter", "c").update("delta", 5).build());
        // deleted, then begun again elsewhere with as many writes: the same version, other bytes
        assertTrue(second.sessions().delete("counter", "c"));
        second.call(FlowCall.start("counter").sessionId("c").build());
        second.call(FlowCall.resume("counter", "c").update("delta", 7).build());
        first.call(FlowCall.resume("counter", "c").update("delta", 1).build());
        assertEquals(8, storedState(shared, "counter", "c").get("total").asInt());
    }

    @Test
    void anExpiredSessionIsGoneEvenWhileRemembered() {
        TestClock moving = new TestClock();
        MemoryStore store = MemoryStore.builder().clock(moving).build();
        FlowEngine engine = FlowEngine.builder()
                .store(store)
                .clock(moving)
                .register(Flow.builder("short")
                        .description("Lives a minute")
                        .sessionTtl(Duration.ofMinutes(1))
                        .state(StateSchema.builder().integer("delta", "d").build())
                        .ask("ask", a -> a.question("delta", "d?"))
                        .edge(Flow.START, "ask")
                        .edge("ask", Flow.END)
                        .build())
                .build();
        engine.call(FlowCall.start("short").sessionId("e").build());
        moving.advance(Duration.ofMinutes(2));
        FlowResponse response =
                engine.call(FlowCall.resume("short", "e").update("delta", 1).build());
        assertEquals(
                ErrorCode.SESSION_NOT_FOUND.name(),
                response.toJson(false).path("code").asString(),
                response.toJson(false).toString());
    }

    @Test
    void aCacheOfOneServesInterleavedSessionsCorrectly() {
        MemoryStore store = MemoryStore.builder().build();
        FlowEngine engine = engine(store, 1);
        for (String id : new String[] {"a", "b", "c"}) {
            engine.call(FlowCall.start("counter").sessionId(id).build());
        }
        for (int round = 1; round <= 3; round++) {
            for (String id : new String[] {"a", "b", "c"}) {
                engine.call(
                        FlowCall.resume("counter", id).update("delta", round).build());
            }
        }
        for (String id : new String[] {"a", "b", "c"}) {
            assertEquals(6, storedState(store, "counter", id).get("total").asInt(), id);
        }
    }

    @Test
    void aNegativeCacheSizeIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> FlowEngine.builder().sessionCache(-1));
        assertEquals("the session cache size must not be negative", e.getMessage());
    }
}
