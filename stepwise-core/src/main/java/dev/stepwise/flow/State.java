package dev.stepwise.flow;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonPaths;
import java.math.BigDecimal;
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

    /** The value at a field or dot path, or null when absent. The node must not be modified. */
    public JsonNode get(String path) {
        return JsonPaths.get(root, path);
    }

    /** Whether the field holds an answer (anything but missing, null or ""). */
    public boolean has(String path) {
        return JsonPaths.isAnswered(get(path));
    }

    public String getString(String path) {
        JsonNode value = get(path);
        return value == null || value.isNull() ? null : value.asString();
    }

    public Long getLong(String path) {
        JsonNode value = get(path);
        return value != null && value.isNumber() ? value.longValue() : null;
    }

    public Integer getInt(String path) {
        JsonNode value = get(path);
        return value != null && value.isNumber() ? value.intValue() : null;
    }

    public BigDecimal getDecimal(String path) {
        JsonNode value = get(path);
        return value != null && value.isNumber() ? value.decimalValue() : null;
    }

    public Boolean getBoolean(String path) {
        JsonNode value = get(path);
        return value != null && value.isBoolean() ? value.booleanValue() : null;
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
