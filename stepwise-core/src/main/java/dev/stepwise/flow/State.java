package dev.stepwise.flow;

import dev.stepwise.internal.json.JsonPaths;
import dev.stepwise.json.Json;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A read-only view of a session's state. Node code receives one per call; it never sees another
 * session's state and cannot change the stored state except by returning a {@link Patch}.
 */
public final class State {

    private final ObjectNode root;

    private State(ObjectNode root) {
        this.root = root;
    }

    /** A view over a private copy of {@code root}. */
    public static State of(ObjectNode root) {
        return new State(root.deepCopy());
    }

    /**
     * A view sharing {@code root} without copying it: the engine's fast path for node code. The
     * caller must own {@code root} and not expose it elsewhere.
     */
    public static State view(ObjectNode root) {
        return new State(root);
    }

    /** The value at a field or dot path; null when absent. The node must not be modified. */
    public @Nullable JsonNode get(String path) {
        return JsonPaths.get(root, path);
    }

    /** Whether the field holds an answer (anything but missing, null or ""). */
    public boolean has(String path) {
        return JsonPaths.isAnswered(get(path));
    }

    public @Nullable String getString(String path) {
        JsonNode value = get(path);
        return value == null || value.isNull() ? null : value.asString();
    }

    public @Nullable Long getLong(String path) {
        JsonNode value = get(path);
        return value != null && value.isNumber() ? value.longValue() : null;
    }

    public @Nullable Integer getInt(String path) {
        JsonNode value = get(path);
        return value != null && value.isNumber() ? value.intValue() : null;
    }

    public @Nullable BigDecimal getDecimal(String path) {
        JsonNode value = get(path);
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }

    public @Nullable Boolean getBoolean(String path) {
        JsonNode value = get(path);
        return (value != null && value.isBoolean()) ? value.booleanValue() : null;
    }

    /** The state bound to a Java type (e.g. the record the schema came from); missing fields are null. */
    public <T> T as(Class<T> type) {
        return Json.mapper().treeToValue(root, type);
    }

    /** A copy of the whole state as JSON. */
    public ObjectNode toJson() {
        return root.deepCopy();
    }

    @Override
    public String toString() {
        return Json.text(root);
    }
}
