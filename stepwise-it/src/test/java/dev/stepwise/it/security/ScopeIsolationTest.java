package dev.stepwise.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.scope.ScopeRef;
import dev.stepwise.store.memory.MemoryStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * User scopes under a hostile model: whatever a session of bob sends (stateUpdates naming scope
 * fields or other users, alice's session id, alice's requestIds, ids that look like keys), it never
 * reads or writes alice's scope or session. The user id is the host's (authenticated), never the model's.
 */
class ScopeIsolationTest {

    private static Flow profile() {
        return Flow.builder("profile")
                .description("remembers a nickname per user")
                .state(StateSchema.builder()
                        .string("nickname", "Nickname")
                        .string("seen", "Seen", f -> f.optional())
                        .build())
                .userScope(StateSchema.builder()
                        .string("nickname", "Nickname", f -> f.optional())
                        .integer("visits", "Visits", f -> f.optional())
                        .build())
                .ask("ask", a -> a.question("nickname", "Nickname?"))
                .action("remember", ctx -> {
                    String before = ctx.user().state().getString("nickname");
                    ctx.user().set("nickname", ctx.state().getString("nickname"));
                    ctx.user().increment("visits", 1);
                    return Patch.of("seen", before == null ? "-" : before).with("nickname", null);
                })
                .edge(Flow.START, "ask")
                .edge("ask", "remember")
                .edge("remember", "ask")
                .build();
    }

    @Test
    void bobsSessionsNeverReachAlicesScopeWhateverTheModelSends() {
        MemoryStore store = MemoryStore.builder().build();
        FlowEngine engine =
                FlowEngine.builder().store(store).register(profile()).build();
        engine.call(FlowCall.start("profile")
                .sessionId("alice-chat")
                .userId("alice")
                .build());
        engine.call(FlowCall.resume("profile", "alice-chat")
                .userId("alice")
                .update("nickname", "Al")
                .requestId("r-alice")
                .build());
        engine.call(
                FlowCall.start("profile").sessionId("bob-chat").userId("bob").build());
        String aliceScope = Json.text(
                engine.scopes().state(ScopeRef.user("alice")).orElseThrow().toJson());

        for (String updates : List.of(
                "{\"user.nickname\":\"pwned\"}",
                "{\"user\":{\"nickname\":\"pwned\"}}",
                "{\"users.alice.nickname\":\"pwned\"}",
                "{\"visits\":999}",
                "{\"scope\":{\"user\":\"alice\"}}",
                "{\"../user:alice\":1}",
                "{\"nickname\":{\"userId\":\"alice\"}}")) {
            FlowResponse r = engine.call(FlowCall.resume("profile", "bob-chat")
                    .userId("bob")
                    .updates((tools.jackson.databind.node.ObjectNode) Json.parse(updates))
                    .build());
            assertFalse(
                    r.toJson(true).toString().contains("Al\""),
                    updates + " leaked alice's nickname: " + r.toJson(true));
        }
        for (String session : List.of("alice-chat", "user:alice", "profile:alice-chat", "../alice-chat")) {
            FlowResponse r = engine.call(FlowCall.resume("profile", session)
                    .userId("bob")
                    .update("nickname", "pwned")
                    .requestId("r-alice")
                    .build());
            assertTrue(r instanceof FlowResponse.Failed, session + ": " + r.toJson(true));
            assertFalse(
                    r.toJson(true).toString().contains("Al\""), r.toJson(true).toString());
        }
        FlowResponse hijack = engine.call(FlowCall.resume("profile", "alice-chat")
                .userId("bob")
                .update("nickname", "x")
                .build());
        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertInstanceOf(FlowResponse.Failed.class, hijack).code());
        FlowResponse restart = engine.call(FlowCall.start("profile")
                .sessionId("alice-chat")
                .userId("bob")
                .restart(true)
                .build());
        assertInstanceOf(
                FlowResponse.Failed.class,
                restart,
                "bob cannot restart alice's session either: " + restart.toJson(true));

        assertEquals(
                aliceScope,
                Json.text(engine.scopes()
                        .state(ScopeRef.user("alice"))
                        .orElseThrow()
                        .toJson()),
                "alice's scope is unchanged");
        assertEquals(
                "Al",
                engine.scopes().state(ScopeRef.user("alice")).orElseThrow().getString("nickname"));
        // bob's own answers go to bob's scope only
        engine.call(FlowCall.resume("profile", "bob-chat")
                .userId("bob")
                .update("nickname", "Bobby")
                .build());
        assertEquals(
                "Bobby",
                engine.scopes().state(ScopeRef.user("bob")).orElseThrow().getString("nickname"));
        assertEquals(
                "-",
                engine.sessions().state("profile", "bob-chat").orElseThrow().getString("seen"),
                "bob never saw alice's value");
    }
}
