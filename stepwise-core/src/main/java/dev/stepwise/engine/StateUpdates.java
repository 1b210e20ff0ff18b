package dev.stepwise.engine;

import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.FieldType;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.internal.flow.FieldCheck;
import dev.stepwise.internal.json.JsonPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        StateSchema schema = turn.flow().schema();
        List<String> undeclared = new ArrayList<>();
        List<String> computed = new ArrayList<>();
        Map<String, JsonNode> accepted = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : updates.properties()) {
            collect(turn, schema, entry.getKey(), entry.getValue(), accepted, undeclared, computed);
        }
        if (!computed.isEmpty()) {
            throw new TurnFailure(ErrorCode.INVALID_INPUT, ModelTexts.computedFields(computed));
        }
        if (!undeclared.isEmpty()) {
            throw new TurnFailure(ErrorCode.INVALID_INPUT, ModelTexts.undeclaredFields(undeclared, schema.names()));
        }
        ObjectNode state = turn.stateNode();
        accepted.forEach((path, value) -> {
            if (value == null) {
                JsonPaths.remove(state, path);
            } else {
                JsonPaths.set(state, path, value);
            }
            turn.updatedFields().add(path);
        });
    }

    private static void collect(
            Turn turn,
            StateSchema schema,
            String path,
            JsonNode value,
            Map<String, JsonNode> accepted,
            List<String> undeclared,
            List<String> computed) {
        FieldSpec spec = resolve(schema, path);
        if (spec == null) {
            undeclared.add(path);
            return;
        }
        if (spec.computed()) {
            computed.add(path);
            return;
        }
        if (value.isNull()) {
            accepted.put(path, null);
        } else if (spec.type() == FieldType.OBJECT && value.isObject()) {
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                collect(turn, schema, path + "." + member.getKey(), member.getValue(), accepted, undeclared, computed);
            }
        } else {
            FieldCheck.Result checked = FieldCheck.check(spec, value);
            if (checked instanceof FieldCheck.Result.Accepted ok) {
                accepted.put(path, ok.value());
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
