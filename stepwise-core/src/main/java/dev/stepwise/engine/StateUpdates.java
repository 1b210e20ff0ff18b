package dev.stepwise.engine;

import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.FieldType;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.internal.flow.FieldCheck;
import dev.stepwise.internal.json.JsonPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Applies a call's {@code stateUpdates} to a turn's state, before any node runs. */
final class StateUpdates {

    private StateUpdates() {}

    /**
     * Applies {@code updates}: declared fields are type-checked and coerced; a wrong value is
     * dropped (an earlier valid answer stays) and remembered, so an unanswered field is asked again
     * with the reason and any other rejection is reported in the response's context.
     *
     * @throws TurnFailure {@code INVALID_INPUT} naming undeclared or computed fields; nothing is applied then
     */
    static void apply(Turn turn, ObjectNode updates) {
        if (updates.isEmpty()) {
            return;
        }
        Collected collected = new Collected(updates.size());
        StateSchema schema = turn.flow().schema();
        for (Map.Entry<String, JsonNode> entry : updates.properties()) {
            collect(turn, schema, entry.getKey(), entry.getValue(), collected);
        }
        if (collected.computed != null) {
            throw new TurnFailure(ErrorCode.INVALID_INPUT, ModelTexts.computedFields(collected.computed));
        }
        if (collected.undeclared != null) {
            throw new TurnFailure(
                    ErrorCode.INVALID_INPUT, ModelTexts.undeclaredFields(collected.undeclared, schema.names()));
        }
        ObjectNode state = turn.stateNode();
        List<Object> accepted = collected.accepted;
        for (int i = 0; i < accepted.size(); i += 2) {
            String path = (String) accepted.get(i);
            JsonNode value = (JsonNode) accepted.get(i + 1);
            if (value == null) {
                JsonPaths.remove(state, path);
            } else {
                JsonPaths.set(state, path, value);
            }
        }
    }

    /**
     * What the updates hold, before any is applied: the accepted (path, value or null to remove)
     * in order, as pairs in one list, and the paths refused outright (made when the first is).
     */
    private static final class Collected {
        final List<Object> accepted;

        @Nullable List<String> undeclared;

        @Nullable List<String> computed;

        Collected(int updates) {
            accepted = new ArrayList<>(2 * updates);
        }

        void accept(String path, @Nullable JsonNode value) {
            accepted.add(path);
            accepted.add(value);
        }

        void undeclared(String path) {
            if (undeclared == null) {
                undeclared = new ArrayList<>();
            }
            undeclared.add(path);
        }

        void computed(String path) {
            if (computed == null) {
                computed = new ArrayList<>();
            }
            computed.add(path);
        }
    }

    private static void collect(Turn turn, StateSchema schema, String path, JsonNode value, Collected collected) {
        FieldSpec spec = resolve(schema, path);
        if (spec == null) {
            collected.undeclared(path);
            return;
        }
        if (spec.computed()) {
            collected.computed(path);
            return;
        }
        if (value.isNull()) {
            collected.accept(path, null);
        } else if (spec.type() == FieldType.OBJECT && value.isObject()) {
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                collect(turn, schema, path + "." + member.getKey(), member.getValue(), collected);
            }
        } else {
            FieldCheck.Result checked = FieldCheck.check(spec, value);
            if (checked instanceof FieldCheck.Result.Accepted ok) {
                collected.accept(path, ok.value());
            } else {
                turn.refuse(path, ((FieldCheck.Result.Rejected) checked).reason());
            }
        }
    }

    /** The declaration of {@code path}, or null when the schema has none (or the path is malformed). */
    static @Nullable FieldSpec resolve(StateSchema schema, String path) {
        try {
            return schema.resolve(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
