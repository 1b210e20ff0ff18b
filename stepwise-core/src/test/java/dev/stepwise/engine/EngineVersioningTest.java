package dev.stepwise.engine;

import static dev.stepwise.engine.TestFlows.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowBuilder;
import dev.stepwise.flow.Migration;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.store.memory.MemoryStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session runs on the graph it started on, a migration's target, or not at all. */
class EngineVersioningTest {

    private final MemoryStore store = MemoryStore.builder().build();

    private static StateSchema schema() {
        return StateSchema.builder()
                .string("a", "A")
                .string("b", "B")
                .string("c", "C")
                .build();
    }

    /** v1: ask a → ask b → END. */
    private static Flow v1() {
        return Flow.builder("f")
                .version("1")
                .description("d")
                .state(schema())
                .ask("ask_a", x -> x.question("a", "A?"))
                .ask("ask_b", x -> x.question("b", "B?"))
                .edge(Flow.START, "ask_a")
                .edge("ask_a", "ask_b")
                .edge("ask_b", Flow.END)
                .build();
    }

    /** v2: ask a → ask c → ask b2 → END (ask_b renamed). */
    private static FlowBuilder v2(String version) {
        return Flow.builder("f")
                .version(version)
                .description("d")
                .state(schema())
                .ask("ask_a", x -> x.question("a", "A?"))
                .ask("ask_c", x -> x.question("c", "C?"))
                .ask("ask_b2", x -> x.question("b", "B?"))
                .edge(Flow.START, "ask_a")
                .edge("ask_a", "ask_c")
                .edge("ask_c", "ask_b2")
                .edge("ask_b2", Flow.END);
    }

    private void startOnV1(String session) {
        FlowEngine old = FlowEngine.builder().store(store).register(v1()).build();
        assertEquals(
                List.of("b"),
                fields(old.call(
                        FlowCall.start("f").sessionId(session).update("a", "x").build())));
    }

    @Test
    void oldSessionsFinishOnTheirOwnVersionWhenItIsStillRegistered() {
        startOnV1("s");
        FlowEngine both = FlowEngine.builder()
                .store(store)
                .register(v1(), v2("2").build())
                .build();
        assertEquals(
                "complete",
                both.call(FlowCall.resume("f", "s").update("b", "y").build()).status());
        assertEquals(
                List.of("c"),
                fields(both.call(
                        FlowCall.start("f").sessionId("new").update("a", "x").build())),
                "new sessions start on the newest version");
    }

    @Test
    void aSessionFromAnUnknownVersionIsRefusedWithoutAMigration() {
        startOnV1("s");
        FlowEngine onlyV2 =
                FlowEngine.builder().store(store).register(v2("2").build()).build();
        FlowResponse r = onlyV2.call(FlowCall.resume("f", "s").update("b", "y").build());
        FlowResponse.Failed failed = assertInstanceOf(FlowResponse.Failed.class, r);
        assertEquals(ErrorCode.FLOW_VERSION_MISMATCH, failed.code());
        assertEquals(
                "interrupt",
                onlyV2.call(FlowCall.start("f").sessionId("s").restart(true).build())
                        .status());
    }

    @Test
    void aChangedGraphUnderTheSameVersionIsNeverRunBlindly() {
        startOnV1("s");
        FlowEngine changed =
                FlowEngine.builder().store(store).register(v2("1").build()).build();
        FlowResponse r = changed.call(FlowCall.resume("f", "s").build());
        assertEquals(
                ErrorCode.FLOW_VERSION_MISMATCH,
                assertInstanceOf(FlowResponse.Failed.class, r).code());
    }

    @Test
    void aRegisteredMigrationMovesTheSession() {
        startOnV1("s");
        FlowEngine migrating = FlowEngine.builder()
                .store(store)
                .register(v2("2").build())
                .migration(
                        "f",
                        "1",
                        "2",
                        (node, state) -> new Migration.Result(
                                node.equals("ask_b") ? "ask_c" : node,
                                state.put("a", state.get("a").asString().toUpperCase())))
                .build();
        FlowResponse r = migrating.call(FlowCall.resume("f", "s").build());
        assertEquals(List.of("c"), fields(r));
        assertEquals("X", migrating.sessions().state("f", "s").orElseThrow().getString("a"));
        assertEquals("2", r.meta().version());
        assertEquals(
                "complete",
                migrating
                        .call(FlowCall.resume("f", "s")
                                .update("c", "1")
                                .update("b", "2")
                                .build())
                        .status());
    }

    @Test
    void aMigrationThatThrowsIsAnErrorResponseAndChangesNothing() {
        startOnV1("s");
        FlowEngine broken = FlowEngine.builder()
                .store(store)
                .register(v2("2").build())
                .migration("f", "1", "2", (node, state) -> {
                    throw new IllegalStateException("cannot map ask_b");
                })
                .build();
        FlowResponse r = broken.call(FlowCall.resume("f", "s").build());
        FlowResponse.Failed failed = assertInstanceOf(FlowResponse.Failed.class, r);
        assertEquals(ErrorCode.FLOW_VERSION_MISMATCH, failed.code());
        assertTrue(failed.message().contains("cannot map ask_b"), failed.message());
        FlowEngine old = FlowEngine.builder().store(store).register(v1()).build();
        assertEquals(
                "complete",
                old.call(FlowCall.resume("f", "s").update("b", "y").build()).status());
    }

    @Test
    void aMigrationToAnUnknownNodeIsAMismatchNotACrash() {
        startOnV1("s");
        FlowEngine broken = FlowEngine.builder()
                .store(store)
                .register(v2("2").build())
                .migration("f", "1", "2", (node, state) -> new Migration.Result("ghost", state))
                .build();
        FlowResponse r = broken.call(FlowCall.resume("f", "s").build());
        assertEquals(
                ErrorCode.FLOW_VERSION_MISMATCH,
                assertInstanceOf(FlowResponse.Failed.class, r).code());
    }
}
