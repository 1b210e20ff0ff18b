package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.scope.Resources;
import dev.stepwise.scope.ScopeRef;
import dev.stepwise.store.Expect;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Write;
import dev.stepwise.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Listing sessions, resources, and erasing a user's data everywhere. */
class EngineDataTest {

    private final MemoryStore store = MemoryStore.builder().build();
    private final FlowEngine engine = FlowEngine.builder()
            .store(store)
            .register(TestFlows.quote(), TestFlows.counter())
            .build();

    private void start(String flow, String session, String user) {
        engine.call(FlowCall.start(flow).sessionId(session).userId(user).build());
    }

    @Test
    void purgeReportsEachDeletedSessionAsItGoes() {
        start("quote", "p1", "u1");
        start("quote", "p2", "u1");
        start("counter", "c1", "u1");
        List<String> reported = new ArrayList<>();
        long deleted = engine.sessions().purge(SessionQuery.all(1).flow("quote"), key -> reported.add(key.id()));
        assertEquals(2, deleted);
        assertEquals(2, reported.size(), "one report per deleted session: " + reported);
        assertTrue(engine.sessions().record("quote", "p1").isEmpty());
        assertTrue(engine.sessions().record("counter", "c1").isPresent(), "other flows are kept");
    }

    @Test
    void listsSessionsByFlowStatusAndUserWithFullPages() {
        for (int i = 0; i < 25; i++) {
            start("quote", String.format("q%02d", i), i % 2 == 0 ? "alice" : "bob");
            start("counter", String.format("c%02d", i), "alice");
        }
        engine.call(FlowCall.of("quote", CallAction.CANCEL).sessionId("q00").build());
        List<String> seen = new ArrayList<>();
        SessionQuery query =
                SessionQuery.all(5).flow("quote").status(SessionStatus.ACTIVE).user("alice");
        SessionPage page;
        do {
            page = engine.sessions().list(query);
            assertTrue(page.sessions().size() == 5 || !page.hasMore(), "no short page while more remain");
            page.sessions().forEach(s -> seen.add(s.sessionId()));
            page.sessions().forEach(s -> assertEquals("ask_contact", s.node()));
            query = query.after(page);
        } while (page.hasMore());
        List<String> expected = new ArrayList<>();
        for (int i = 2; i < 25; i += 2) {
            expected.add(String.format("q%02d", i));
        }
        assertEquals(expected, seen);
        assertEquals(50, countAll());
    }

    private int countAll() {
        int n = 0;
        SessionQuery q = SessionQuery.all(7);
        SessionPage page;
        do {
            page = engine.sessions().list(q);
            n += page.sessions().size();
            q = q.after(page);
        } while (page.hasMore());
        return n;
    }

    @Test
    void anUndecodableSessionIsReportedNotFatal() {
        start("quote", "good", null);
        store.write(Write.of(StoreKey.session("quote:bad"), "garbage".getBytes(), Expect.any(), Duration.ofHours(1)));
        SessionPage page = engine.sessions().list(SessionQuery.all(10).flow("quote"));
        assertEquals(
                List.of("good"),
                page.sessions().stream().map(SessionSummary::sessionId).toList());
        assertEquals(1, page.unreadable().size());
        assertTrue(page.unreadable().get(0).location().contains("quote:bad"));
    }

    @Test
    void aRecordWithFieldsOfTheWrongJsonTypeIsUnreadableNotAnException() {
        store.write(Write.of(
                StoreKey.session("counter:typed"),
                ("{\"format\":1,\"flowId\":\"counter\",\"flowVersion\":\"1\","
                                + "\"graphHash\":\"x\",\"runId\":\"r\",\"status\":\"active\",\"node\":{},\"state\":{},\"once\":{},"
                                + "\"answers\":{},\"createdAt\":\"2026-01-01T00:00:00Z\"}")
                        .getBytes(),
                Expect.any(),
                Duration.ofHours(1)));
        FlowResponse r = engine.call(
                FlowCall.resume("counter", "typed").update("delta", 1).build());
        assertEquals(
                ErrorCode.INTERNAL,
                assertInstanceOf(FlowResponse.Failed.class, r).code());
        assertEquals(
                1,
                engine.sessions()
                        .list(SessionQuery.all(10).flow("counter"))
                        .unreadable()
                        .size());
    }

    @Test
    void anUnreadableSessionWithALogIsReplacedByStartRestart() {
        engine.call(FlowCall.start("counter").sessionId("c").build());
        engine.call(FlowCall.resume("counter", "c").update("delta", 2).build());
        StoreKey key = StoreKey.session("counter:c");
        assertFalse(store.readItems(key, dev.stepwise.store.ItemWindow.last(1)).isEmpty(), "the session has a log");
        store.write(Write.of(key, "garbage".getBytes(), Expect.any(), Duration.ofHours(1)));
        assertEquals(
                ErrorCode.INTERNAL,
                ((FlowResponse.Failed) engine.call(FlowCall.resume("counter", "c")
                                .update("delta", 1)
                                .build()))
                        .code());
        FlowResponse restarted = engine.call(
                FlowCall.start("counter").sessionId("c").restart(true).build());
        assertEquals("interrupt", restarted.status(), restarted.toJson(true).toString());
        assertEquals(
                "interrupt",
                engine.call(FlowCall.resume("counter", "c").update("delta", 1).build())
                        .status());
    }

    @Test
    void aSessionTheStoreCannotDecryptIsAnErrorForItAloneAndReplacedByStartRestart() {
        dev.stepwise.store.crypto.EncryptedStore sealed = dev.stepwise.store.crypto.EncryptedStore.wrap(
                store,
                dev.stepwise.store.crypto.KeyRing.builder()
                        .current("k1", new byte[32])
                        .build());
        FlowEngine encrypted =
                FlowEngine.builder().store(sealed).register(TestFlows.counter()).build();
        encrypted.call(FlowCall.start("counter").sessionId("e").build());
        encrypted.call(FlowCall.start("counter").sessionId("other").build());
        StoreKey key = StoreKey.session("counter:e");
        byte[] value = store.read(key).orElseThrow().value();
        value[value.length - 1] ^= 1;
        store.write(Write.of(key, value, Expect.any(), Duration.ofHours(1)));
        FlowResponse.Failed failed = (FlowResponse.Failed) encrypted.call(
                FlowCall.resume("counter", "e").update("delta", 1).build());
        assertEquals(ErrorCode.INTERNAL, failed.code());
        assertTrue(failed.message().contains("restart: true"), failed.message());
        assertEquals(
                "interrupt",
                encrypted
                        .call(FlowCall.resume("counter", "other")
                                .update("delta", 1)
                                .build())
                        .status());
        FlowResponse restarted = encrypted.call(
                FlowCall.start("counter").sessionId("e").restart(true).build());
        assertEquals("interrupt", restarted.status(), restarted.toJson(true).toString());
        assertEquals(
                "interrupt",
                encrypted
                        .call(FlowCall.resume("counter", "e").update("delta", 1).build())
                        .status());
    }

    @Test
    void resourcesAreVersionedListedAndSizeLimited() {
        Resources resources = engine.resources();
        ScopeRef user = ScopeRef.user("alice");
        long v1 = resources.put(user, "notes/a", "text/markdown", "# A");
        resources.put(user, "notes/b", "text/plain", "B");
        resources.put(ScopeRef.user("alice/x"), "notes/c", "text/plain", "not alice's");
        Resources.Put stale = resources.put(
                user,
                "notes/a",
                "text/markdown",
                Map.of("k", "v"),
                "# A2".getBytes(StandardCharsets.UTF_8),
                Expect.version(v1 + 7),
                null);
        assertEquals(
                "# A",
                assertInstanceOf(Resources.Put.Conflict.class, stale)
                        .current()
                        .orElseThrow()
                        .text());
        resources.put(
                user,
                "notes/a",
                "text/markdown",
                Map.of("k", "v"),
                "# A2".getBytes(StandardCharsets.UTF_8),
                Expect.version(v1),
                null);
        assertEquals(
                "v", resources.get(user, "notes/a").orElseThrow().metadata().get("k"));
        assertEquals(
                List.of("notes/a", "notes/b"),
                resources.list(user, "notes/", null, 10).resources().stream()
                        .map(r -> r.name())
                        .toList());
        byte[] big = new byte[Resources.DEFAULT_MAX_BYTES + 1];
        IllegalArgumentException tooBig = assertThrows(
                IllegalArgumentException.class,
                () -> resources.put(user, "big", "application/octet-stream", Map.of(), big, Expect.any(), null));
        assertTrue(tooBig.getMessage().contains("limit"));
        assertArrayEquals(
                "B".getBytes(), resources.get(user, "notes/b").orElseThrow().content());
    }

    @Test
    void erasureRemovesAUsersSessionsLogsScopeAndResourcesAndNothingElse() {
        start("quote", "a1", "alice");
        start("counter", "a2", "alice");
        engine.call(FlowCall.resume("counter", "a2").update("delta", 1).build());
        start("quote", "b1", "bob");
        engine.resources().put(ScopeRef.user("alice"), "profile", "text/plain", "Alice");
        engine.resources().put(ScopeRef.session("quote", "a1"), "upload", "text/plain", "alice's file");
        engine.resources().put(ScopeRef.user("bob"), "profile", "text/plain", "Bob");
        store.write(Write.of(StoreKey.user("alice"), "{}".getBytes(), Expect.any(), Duration.ofHours(1)));

        Erasure erased = engine.sessions().eraseUser("alice");
        assertEquals(new Erasure(2, 2, true), erased);
        assertTrue(engine.sessions().state("quote", "a1").isEmpty());
        assertTrue(
                store.readItems(StoreKey.session("counter:a2"), ItemWindow.last(10))
                        .isEmpty(),
                "logs are gone");
        assertTrue(store.read(StoreKey.user("alice")).isEmpty());
        Set<String> left = new HashSet<>();
        for (RecordKind kind : RecordKind.values()) {
            store.list(ListQuery.of(kind, "", 100))
                    .records()
                    .forEach(s -> left.add(s.key().toString()));
        }
        assertTrue(
                left.stream().noneMatch(k -> k.contains("alice") || k.contains(":a1") || k.contains(":a2")),
                left.toString());
        assertTrue(engine.sessions().state("quote", "b1").isPresent());
        assertEquals(
                "Bob",
                engine.resources()
                        .get(ScopeRef.user("bob"), "profile")
                        .orElseThrow()
                        .text());
    }
}
