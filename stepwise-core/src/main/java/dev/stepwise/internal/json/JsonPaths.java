package dev.stepwise.internal.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dot paths ({@code "driver.age"}) into JSON objects, and the deep merge Stepwise applies to state:
 * objects merge member by member; arrays, scalars and null replace.
 */
public final class JsonPaths {

    private JsonPaths() {}

    /** The segments of a dot path; empty segments are refused. */
    public static List<String> split(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("field path must not be empty");
        }
        List<String> parts = new ArrayList<>(List.of(path.split("\\.", -1)));
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("field path '" + path + "' has an empty segment");
            }
        }
        return parts;
    }

    /** The node at a dot path, or null when any segment is missing. */
    public static @Nullable JsonNode get(JsonNode root, String path) {
        @Nullable JsonNode node = root;
        for (String part : split(path)) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    /** Sets the value at a dot path, creating intermediate objects (replacing non-objects). */
    public static void set(ObjectNode root, String path, JsonNode value) {
        List<String> parts = split(path);
        ObjectNode node = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            JsonNode child = node.get(parts.get(i));
            node = child instanceof ObjectNode childObject ? childObject : node.putObject(parts.get(i));
        }
        node.set(parts.get(parts.size() - 1), value);
    }

    /** Removes the value at a dot path, if present. */
    public static void remove(ObjectNode root, String path) {
        List<String> parts = split(path);
        JsonNode node = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            node = node.get(parts.get(i));
            if (node == null || !node.isObject()) {
                return;
            }
        }
        ((ObjectNode) node).remove(parts.get(parts.size() - 1));
    }

    /**
     * Deep-merges {@code patch} into {@code target} in place: objects merge recursively, anything
     * else (arrays, scalars, null) replaces. Values are copied, never shared with the patch.
     */
    public static void merge(ObjectNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            JsonNode incoming = entry.getValue();
            JsonNode existing = target.get(entry.getKey());
            if (incoming.isObject() && existing instanceof ObjectNode existingObject) {
                merge(existingObject, incoming);
            } else {
                target.set(entry.getKey(), incoming.deepCopy());
            }
        }
    }

    /**
     * Whether a value counts as an answer: anything but missing, null or the empty string
     * ({@code 0} and {@code false} are answers).
     */
    public static boolean isAnswered(@Nullable JsonNode value) {
        return value != null
                && !value.isNull()
                && !value.isMissingNode()
                && !(value.isString() && value.asString().isEmpty());
    }
}
