package dev.stepwise.engine;

import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.FieldType;
import dev.stepwise.flow.ScopeView;
import dev.stepwise.flow.State;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.internal.flow.FieldCheck;
import dev.stepwise.json.Json;
import dev.stepwise.scope.ScopeKind;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user or project scope during one turn: a private copy of the shared state plus the operations
 * the turn queued, which the engine saves in the session's outbox and applies after the turn.
 */
final class TurnScope implements ScopeView {

    private final ScopeKind kind;
    private final @Nullable String id;
    private final StateSchema schema;
    private final ObjectNode state;
    private final ArrayNode ops = Json.mapper().createArrayNode();

    TurnScope(ScopeKind kind, @Nullable String id, StateSchema schema, ObjectNode state) {
        this.kind = kind;
        this.id = id;
        this.schema = schema;
        this.state = state;
    }

    static TurnScope none(ScopeKind kind) {
        return new TurnScope(kind, null, StateSchema.builder().build(), Json.object());
    }

    ScopeKind kind() {
        return kind;
    }

    @Nullable String id() {
        return id;
    }

    ArrayNode ops() {
        return ops;
    }

    @Override
    public boolean available() {
        return id != null;
    }

    @Override
    public State state() {
        return State.view(state);
    }

    @Override
    public void set(String path, Object value) {
        FieldSpec spec = declared(path);
        JsonNode accepted;
        try {
            accepted = FieldCheck.accept(spec, value);
        } catch (IllegalArgumentException refused) {
            throw new IllegalArgumentException(kind + " scope: " + refused.getMessage(), refused);
        }
        queue(ScopeCodec.set(path, accepted));
    }

    @Override
    public void increment(String path, long delta) {
        FieldSpec spec = declared(path);
        if (spec.type() != FieldType.INTEGER && spec.type() != FieldType.NUMBER) {
            throw new IllegalArgumentException(kind + " scope field '" + path + "' is not a number");
        }
        queue(ScopeCodec.increment(path, delta));
    }

    private FieldSpec declared(String path) {
        if (id == null) {
            throw new IllegalStateException("no " + kind + " scope for this call"
                    + (kind == ScopeKind.USER ? ": the host supplied no user id" : ""));
        }
        FieldSpec spec = schema.resolve(path);
        if (spec == null) {
            throw new IllegalArgumentException("the flow declares no " + kind + " scope field '" + path + "'");
        }
        return spec;
    }

    private void queue(ObjectNode op) {
        ops.add(op);
        ScopeCodec.apply(state, op);
    }
}
