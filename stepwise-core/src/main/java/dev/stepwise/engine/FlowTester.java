package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.State;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.memory.MemoryStore;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A small harness for flow authors' tests: one session of one flow on an in-memory store
 * (or a given store), driven with plain maps.
 *
 * <pre>{@code
 * FlowTester t = FlowTester.of(flow);
 * FlowResponse r = t.start(Map.of("name", "Ada"));
 * assertEquals("interrupt", r.status());
 * r = t.continueWith(Map.of("email", "ada@example.com"));
 * }</pre>
 */
public final class FlowTester {

    private final FlowEngine engine;
    private final String flowId;
    private @Nullable String sessionId;

    private FlowTester(FlowEngine engine, String flowId) {
        this.engine = engine;
        this.flowId = flowId;
    }

    /** A tester of {@code flow} on a fresh in-memory store. */
    public static FlowTester of(Flow flow) {
        return of(flow, MemoryStore.builder().build());
    }

    /** A tester of {@code flow} on the given store. */
    public static FlowTester of(Flow flow, VersionedStore store) {
        return new FlowTester(FlowEngine.builder().store(store).register(flow).build(), flow.id());
    }

    public FlowResponse start(Map<String, ?> updates) {
        return call(FlowCall.start(flowId), updates);
    }

    public FlowResponse continueWith(Map<String, ?> updates) {
        return call(FlowCall.of(flowId, CallAction.CONTINUE), updates);
    }

    public FlowResponse reset(Map<String, ?> updates) {
        return call(FlowCall.of(flowId, CallAction.RESET), updates);
    }

    public FlowResponse cancel() {
        return call(FlowCall.of(flowId, CallAction.CANCEL), Map.of());
    }

    /** The session's current state, if it is live. */
    public Optional<State> state() {
        return sessionId == null ? Optional.empty() : engine.sessions().state(flowId, sessionId);
    }

    public @Nullable String sessionId() {
        return sessionId;
    }

    public FlowEngine engine() {
        return engine;
    }

    private FlowResponse call(FlowCall.Builder builder, Map<String, ?> updates) {
        builder.sessionId(sessionId);
        updates.forEach(builder::update);
        FlowResponse response = engine.call(builder.build());
        if (response.meta().sessionId() != null) {
            sessionId = response.meta().sessionId();
        }
        return response;
    }
}
