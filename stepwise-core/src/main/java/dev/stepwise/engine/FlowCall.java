package dev.stepwise.engine;

import dev.stepwise.internal.engine.ToolArguments;
import dev.stepwise.internal.json.PlainTrees;
import dev.stepwise.json.Json;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call of a flow, as the engine takes it in-process (the MCP layer decodes tool arguments
 * into one with {@link ToolArguments}).
 *
 * @param flowId       the flow (tool) called
 * @param action       start, continue, reset or cancel
 * @param sessionId    the session; may be null on start, when a new id is generated
 * @param intent       start: what the user asked for, or null
 * @param context      start: anything else the model knows, or null
 * @param stateUpdates answers: declared fields, dot paths or nested partial objects (never null)
 * @param requestId    idempotency key: a call repeating an answered requestId gets the same answer
 * @param restart      start: begin a new run even when a live session exists
 * @param userId       the user the host authenticated, or null
 */
public record FlowCall(
        String flowId,
        CallAction action,
        @Nullable String sessionId,
        @Nullable String intent,
        @Nullable String context,
        ObjectNode stateUpdates,
        @Nullable String requestId,
        boolean restart,
        @Nullable String userId) {

    public FlowCall {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(action, "action");
        stateUpdates = stateUpdates == null ? Json.object() : stateUpdates;
    }

    public static Builder start(String flowId) {
        return new Builder(flowId, CallAction.START);
    }

    public static Builder resume(String flowId, String sessionId) {
        return new Builder(flowId, CallAction.CONTINUE).sessionId(sessionId);
    }

    public static Builder of(String flowId, CallAction action) {
        return new Builder(flowId, action);
    }

    /** Builds a {@link FlowCall}. */
    public static final class Builder {
        private final String flowId;
        private final CallAction action;
        private @Nullable String sessionId;
        private @Nullable String intent;
        private @Nullable String context;
        // made on the first update(): a call given updates(...) or none needs no empty object first
        private @Nullable ObjectNode updates;
        private @Nullable String requestId;
        private boolean restart;
        private @Nullable String userId;

        Builder(String flowId, CallAction action) {
            this.flowId = flowId;
            this.action = action;
        }

        public Builder sessionId(@Nullable String value) {
            this.sessionId = value;
            return this;
        }

        public Builder intent(String value) {
            this.intent = value;
            return this;
        }

        public Builder context(String value) {
            this.context = value;
            return this;
        }

        /** Adds one update (a field, dot path, or object field with a partial object). */
        public Builder update(String field, Object value) {
            if (updates == null) {
                updates = Json.object();
            }
            updates.set(field, PlainTrees.of(value));
            return this;
        }

        public Builder updates(ObjectNode value) {
            this.updates = value.deepCopy();
            return this;
        }

        public Builder requestId(String value) {
            this.requestId = value;
            return this;
        }

        public Builder restart(boolean value) {
            this.restart = value;
            return this;
        }

        public Builder userId(String value) {
            this.userId = value;
            return this;
        }

        public FlowCall build() {
            return new FlowCall(
                    flowId,
                    action,
                    sessionId,
                    intent,
                    context,
                    updates == null ? Json.object() : updates,
                    requestId,
                    restart,
                    userId);
        }
    }
}
