package dev.stepwise.internal.json;

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

    /** The node at a dot path, or null when any segment is missing. */
    public static @Nullable JsonNode get(JsonNode root, String path) {
        check(path);
        // walked segment by segment in place: a turn reads a dozen paths, splitting each allocated a list
        @Nullable JsonNode node = root;
        int from = 0;
        while (true) {
            int dot = path.indexOf('.', from);
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(dot < 0 ? segment(path, from, path.length()) : segment(path, from, dot));
            if (dot < 0) {
                return node;
            }
            from = dot + 1;
        }
    }

    /** Sets the value at a dot path, creating intermediate objects (replacing non-objects). */
    public static void set(ObjectNode root, String path, JsonNode value) {
        check(path);
        ObjectNode node = root;
        int from = 0;
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', from)) {
            String part = segment(path, from, dot);
            JsonNode child = node.get(part);
            node = child instanceof ObjectNode childObject ? childObject : node.putObject(part);
            from = dot + 1;
        }
        node.set(segment(path, from, path.length()), value);
    }

    /** Removes the value at a dot path, if present. */
    public static void remove(ObjectNode root, String path) {
        check(path);
        JsonNode node = root;
        int from = 0;
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', from)) {
            node = node.get(segment(path, from, dot));
            if (node == null || !node.isObject()) {
                return;
            }
            from = dot + 1;
        }
        ((ObjectNode) node).remove(segment(path, from, path.length()));
    }

    /**
     * Refuses an empty path and one with an empty segment, before anything is read or changed.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void check(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("field path must not be empty");
        }
        if (path.charAt(0) == '.' || path.charAt(path.length() - 1) == '.' || path.contains("..")) {
            throw new IllegalArgumentException("field path '" + path + "' has an empty segment");
        }
    }

    /** {@code path.substring(from, to)}, without a copy for a path of one segment. */
    public static String segment(String path, int from, int to) {
        return from == 0 && to == path.length() ? path : path.substring(from, to);
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
