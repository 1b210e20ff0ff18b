package dev.stepwise.flowfile;

import dev.stepwise.flow.NodeContext;
import dev.stepwise.flow.ScopeView;
import dev.stepwise.flow.State;
import dev.stepwise.json.Json;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The context of a result mapping, which sees only the final state (the engine hands the mapping
 * a {@link State}, nothing else): scopes are unavailable, the request is empty.
 */
final class StateOnly implements NodeContext {

    private static final ScopeView NONE = new ScopeView() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public State state() {
            return State.of(Json.object());
        }

        @Override
        public void set(String path, Object value) {
            throw new IllegalStateException("a result mapping cannot write a scope");
        }

        @Override
        public void increment(String path, long delta) {
            throw new IllegalStateException("a result mapping cannot write a scope");
        }
    };

    private final State state;

    StateOnly(State state) {
        this.state = state;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public String flowId() {
        return "";
    }

    @Override
    public String sessionId() {
        return "";
    }

    @Override
    public String runId() {
        return "";
    }

    @Override
    public String intent() {
        return null;
    }

    @Override
    public JsonNode once(String key, Supplier<?> effect) {
        throw new IllegalStateException("a result mapping cannot run effects");
    }

    @Override
    public void log(String kind, Object payload) {
        throw new IllegalStateException("a result mapping cannot log");
    }

    @Override
    public ScopeView user() {
        return NONE;
    }

    @Override
    public ScopeView project() {
        return NONE;
    }

    @Override
    public Map<String, Object> request() {
        return Map.of();
    }
}
