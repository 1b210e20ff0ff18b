package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** User and project scopes shared across sessions, and the request scope that is never stored. */
class EngineScopeTest {

    private final MemoryStore store = MemoryStore.builder().build();

    /** Each continue counts a visit in the user and project scopes and remembers the last answer. */
    private static Flow visits() {
        return Flow.builder("visits")
                .description("d")
                .state(StateSchema.builder()
                        .string("answer", "a")
                        .string("greeting", "g", f -> f.optional())
                        .build())
                .userScope(StateSchema.builder()
                        .integer("visits", "Visits")
                        .string("lastAnswer", "Last")
                        .build())
                .projectScope(
                        StateSchema.builder().integer("answers", "Answers").build())
                .ask("ask", a -> a.question("answer", "Say something"))
                .action("count", ctx -> {
                    ctx.request().put("scratch", "never stored");
                    ctx.user().increment("visits", 1);
                    ctx.user().set("lastAnswer", ctx.state().getString("answer"));
                    ctx.project().increment("answers", 1);
                    return Patch.of("answer", null)
                            .with("greeting", "visit " + ctx.user().state().getLong("visits"));
                })
                .edge(Flow.START, "ask")
                .edge("ask", "count")
                .edge("count", "ask")
                .build();
    }

    private JsonNode scope(StoreKey key) {
        return Json.parse(store.read(key).orElseThrow().value()).get("state");
    }

    @Test
    void twoSessionsOfOneUserWritingTheUserScopeConcurrentlyLoseNothing() throws Exception {
        FlowEngine a = FlowEngine.builder()
                .store(store)
                .register(visits())
                .maxAttempts(100)
                .build();
        FlowEngine b = FlowEngine.builder()
                .store(store)
                .register(visits())
                .maxAttempts(100)
                .build();
        a.call(FlowCall.start("visits").sessionId("s1").userId("alice").build());
        b.call(FlowCall.start("visits").sessionId("s2").userId("alice").build());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (String session : List.of("s1", "s2")) {
            FlowEngine engine = session.equals("s1") ? a : b;
            done.add(pool.submit(() -> {
                go.await();
                int ok = 0;
                for (int i = 0; i < 30; i++) {
                    FlowResponse r = engine.call(FlowCall.resume("visits", session)
                            .userId("alice")
                            .update("answer", session + "-" + i)
                            .build());
                    ok += "interrupt".equals(r.status()) ? 1 : 0;
                }
                return ok;
            }));
        }
        go.countDown();
        int acked = done.get(0).get(60, TimeUnit.SECONDS) + done.get(1).get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(60, acked);
        assertEquals(60, scope(StoreKey.user("alice")).get("visits").asInt(), "every increment counted once");
        assertEquals(60, scope(StoreKey.project("default")).get("answers").asInt());
        assertTrue(scope(StoreKey.user("alice")).get("lastAnswer").asString().endsWith("-29"));
    }

    @Test
    void aSessionSeesItsUsersScopeAndNeverAnotherUsers() {
        FlowEngine engine = FlowEngine.builder().store(store).register(visits()).build();
        engine.call(FlowCall.start("visits").sessionId("a").userId("alice").build());
        engine.call(FlowCall.resume("visits", "a")
                .userId("alice")
                .update("answer", "x")
                .build());
        engine.call(FlowCall.start("visits").sessionId("b").userId("bob").build());
        FlowResponse r = engine.call(FlowCall.resume("visits", "b")
                .userId("bob")
                .update("answer", "y")
                .build());
        assertEquals("interrupt", r.status());
        assertEquals(
                "visit 1", engine.sessions().state("visits", "b").orElseThrow().getString("greeting"));
        assertEquals(1, scope(StoreKey.user("alice")).get("visits").asInt());
        assertEquals(1, scope(StoreKey.user("bob")).get("visits").asInt());
        FlowResponse hijack = engine.call(FlowCall.resume("visits", "a")
                .userId("bob")
                .update("answer", "z")
                .build());
        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertInstanceOf(FlowResponse.Failed.class, hijack).code());
        assertEquals(1, scope(StoreKey.user("alice")).get("visits").asInt(), "bob's call changed nothing of alice's");
        String stored = new String(
                store.read(StoreKey.session("visits:a")).orElseThrow().value(), StandardCharsets.UTF_8);
        assertTrue(!stored.contains("never stored"), "the request scope is never saved");
    }

    @Test
    void applicationsReadAndWriteScopesOutsideFlows() {
        FlowEngine engine = FlowEngine.builder().store(store).register(visits()).build();
        engine.scopes().setField(dev.stepwise.scope.ScopeRef.user("carol"), "visits", "41");
        engine.call(FlowCall.start("visits").sessionId("c").userId("carol").build());
        engine.call(FlowCall.resume("visits", "c")
                .userId("carol")
                .update("answer", "hi")
                .build());
        assertEquals(
                42,
                engine.scopes()
                        .state(dev.stepwise.scope.ScopeRef.user("carol"))
                        .orElseThrow()
                        .getLong("visits"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> engine.scopes()
                .setField(dev.stepwise.scope.ScopeRef.user("carol"), "isAdmin", true));
    }

    @Test
    void aFlowSeesOnlyTheScopeFieldsItDeclares() {
        Flow peek = Flow.builder("peek")
                .description("d")
                .state(StateSchema.builder()
                        .string("seen", "s", f -> f.optional())
                        .build())
                .userScope(StateSchema.builder().string("nickname", "n").build())
                .action(
                        "look",
                        ctx -> Patch.of("seen", ctx.user().state().toJson().toString()))
                .edge(Flow.START, "look")
                .edge("look", Flow.END)
                .build();
        FlowEngine engine = FlowEngine.builder()
                .store(store)
                .register(visits(), peek)
                .keepCompletedState(true)
                .build();
        engine.scopes().setField(dev.stepwise.scope.ScopeRef.user("dave"), "visits", 7);
        engine.scopes().setField(dev.stepwise.scope.ScopeRef.user("dave"), "nickname", "D");
        FlowResponse r = engine.call(FlowCall.start("peek").userId("dave").build());
        assertEquals(
                "{\"nickname\":\"D\"}",
                r.toJson(false).get("result").get("seen").asString());
    }

    @Test
    void writingAnUndeclaredScopeFieldOrWithoutAUserFailsTheNode() {
        Flow sneaky = Flow.builder("sneaky")
                .description("d")
                .userScope(StateSchema.builder().integer("visits", "v").build())
                .action("write", ctx -> {
                    ctx.user().set("isAdmin", true);
                    return Patch.empty();
                })
                .edge(Flow.START, "write")
                .edge("write", Flow.END)
                .build();
        FlowEngine engine = FlowEngine.builder().store(store).register(sneaky).build();
        FlowResponse r = engine.call(FlowCall.start("sneaky").userId("alice").build());
        FlowResponse.Failed failed = assertInstanceOf(FlowResponse.Failed.class, r);
        assertEquals(ErrorCode.NODE_FAILED, failed.code());
        assertTrue(failed.message().contains("isAdmin"), failed.message());
        FlowResponse anonymous = engine.call(FlowCall.start("sneaky").build());
        assertTrue(((FlowResponse.Failed) anonymous).message().contains("no user id"));
        assertTrue(store.read(StoreKey.user("alice")).isEmpty());
    }
}
