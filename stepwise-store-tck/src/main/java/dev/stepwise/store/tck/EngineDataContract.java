package dev.stepwise.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.Erasure;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.LogItem;
import dev.stepwise.engine.SessionPage;
import dev.stepwise.engine.SessionQuery;
import dev.stepwise.engine.SessionStatus;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.scope.ScopeRef;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.VersionedStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Scopes, logs, resources, listing and erasure through the engine, on every store. */
public interface EngineDataContract extends StoreContract {

    private static Flow visits() {
        return Flow.builder("tck_visits")
                .description("Conformance scope flow")
                .state(StateSchema.builder().string("answer", "a").build())
                .userScope(StateSchema.builder().integer("visits", "Visits").build())
                .ask("ask", a -> a.question("answer", "Say something"))
                .action("count", ctx -> {
                    ctx.user().increment("visits", 1);
                    ctx.log(LogItem.ASSISTANT, Map.of("text", "noted"));
                    return Patch.of("answer", null);
                })
                .edge(Flow.START, "ask")
                .edge("ask", "count")
                .edge("count", "ask")
                .build();
    }

    private FlowEngine engine(VersionedStore client) {
        return FlowEngine.builder()
                .store(client)
                .register(visits())
                .maxAttempts(200)
                .build();
    }

    @Test
    default void userScopeWritesFromTwoSessionsOnTwoClientsAllCount() throws Exception {
        String user = "u-" + UUID.randomUUID();
        List<FlowEngine> engines = List.of(engine(store()), engine(fixture().newClient()));
        List<String> sessions = List.of("a-" + UUID.randomUUID(), "b-" + UUID.randomUUID());
        for (int i = 0; i < 2; i++) {
            engines.get(i)
                    .call(FlowCall.start("tck_visits")
                            .sessionId(sessions.get(i))
                            .userId(user)
                            .build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> acked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            FlowEngine engine = engines.get(i);
            String session = sessions.get(i);
            acked.add(pool.submit(() -> {
                go.await();
                int ok = 0;
                for (int n = 0; n < 10; n++) {
                    FlowResponse r = engine.call(FlowCall.resume("tck_visits", session)
                            .userId(user)
                            .update("answer", "x")
                            .build());
                    ok += "interrupt".equals(r.status()) ? 1 : 0;
                }
                return ok;
            }));
        }
        go.countDown();
        int total = acked.get(0).get(120, TimeUnit.SECONDS) + acked.get(1).get(120, TimeUnit.SECONDS);
        pool.shutdownNow();
        assertEquals(20, total);
        FlowEngine reader = engines.get(0);
        FlowResponse probe = reader.call(FlowCall.start("tck_visits")
                .sessionId("probe-" + UUID.randomUUID())
                .userId(user)
                .update("answer", "x")
                .build());
        assertEquals("interrupt", probe.status());
        String scope =
                new String(store().read(StoreKey.user(user)).orElseThrow().value(), StandardCharsets.UTF_8);
        assertTrue(scope.contains("\"visits\":21"), scope);
    }

    @Test
    default void logsResourcesListingAndErasureWorkOnThisStore() {
        FlowEngine engine = engine(store());
        String user = "u-" + UUID.randomUUID();
        String other = "o-" + UUID.randomUUID();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String session = user + "-s" + i;
            mine.add(session);
            engine.call(FlowCall.start("tck_visits")
                    .sessionId(session)
                    .userId(user)
                    .intent("hello")
                    .build());
            engine.call(FlowCall.resume("tck_visits", session)
                    .userId(user)
                    .update("answer", "x")
                    .build());
        }
        engine.call(FlowCall.start("tck_visits")
                .sessionId(other + "-s")
                .userId(other)
                .build());

        List<LogItem> log = engine.sessions().log("tck_visits", mine.get(0), ItemWindow.last(10));
        assertEquals(
                List.of("user", "tool", "tool", "assistant"),
                log.stream().map(LogItem::kind).toList());

        List<String> listed = new ArrayList<>();
        SessionQuery query = SessionQuery.all(3).flow("tck_visits").user(user).status(SessionStatus.ACTIVE);
        SessionPage page;
        do {
            page = engine.sessions().list(query);
            assertTrue(page.sessions().size() == 3 || !page.hasMore(), "no short page while more remain");
            page.sessions().forEach(s -> listed.add(s.sessionId()));
            query = query.after(page);
        } while (page.hasMore());
        assertEquals(mine, listed);

        engine.resources().put(ScopeRef.user(user), "notes/a", "text/plain", "A");
        engine.resources().put(ScopeRef.session("tck_visits", mine.get(1)), "upload", "text/plain", "B");
        engine.resources().put(ScopeRef.user(other), "notes/a", "text/plain", "keep");
        assertEquals(
                "A",
                engine.resources()
                        .get(ScopeRef.user(user), "notes/a")
                        .orElseThrow()
                        .text());

        Erasure erased = engine.sessions().eraseUser(user);
        assertEquals(7, erased.sessions());
        assertEquals(2, erased.resources());
        assertTrue(erased.userScope());
        assertTrue(engine.sessions()
                .list(SessionQuery.all(10).user(user))
                .sessions()
                .isEmpty());
        assertTrue(engine.sessions()
                .log("tck_visits", mine.get(0), ItemWindow.last(10))
                .isEmpty());
        assertEquals(
                "keep",
                engine.resources()
                        .get(ScopeRef.user(other), "notes/a")
                        .orElseThrow()
                        .text());
        assertEquals(
                1,
                engine.sessions()
                        .list(SessionQuery.all(10).user(other))
                        .sessions()
                        .size());
    }
}
