package dev.stepwise.internal.json;

import dev.stepwise.json.Json;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * Whether a tree's compact UTF-8 encoding ({@link Json#size}) may exceed a limit, answered by a walk
 * that allocates nothing: an upper bound of the size is summed, and only a tree whose bound passes
 * the limit needs its exact size. Checking a call's input against its limit on every turn otherwise
 * encodes the input once just to count its bytes.
 */
public final class EncodedSize {

    /** A char encodes to at most 6 bytes: {@code \\u001f}; a non-ASCII char to at most 3. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    private EncodedSize() {}

    /**
     * The exact encoded size of {@code node} when it exceeds {@code limit}, for the message that
     * refuses it; empty when it does not. Only a tree whose bound passes the limit is encoded.
     */
    public static OptionalInt beyond(JsonNode node, int limit) {
        if (!mayExceed(node, limit)) {
            return OptionalInt.empty();
        }
        int size = Json.size(node);
        return size > limit ? OptionalInt.of(size) : OptionalInt.empty();
    }

    /**
     * False only when {@code Json.size(node) <= limit} for certain; true when the exact size must
     * be computed to tell.
     */
    static boolean mayExceed(JsonNode node, int limit) {
        return bound(node, limit) > limit;
    }

    /** An upper bound of the encoded size, or any value above {@code limit} once the bound passes it. */
    private static long bound(JsonNode node, long limit) {
        if (node.isObject()) {
            long size = 2 + Math.max(0, node.size() - 1);
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                size += text(property.getKey()) + 1 + bound(property.getValue(), limit - size);
                if (size > limit) {
                    return size;
                }
            }
            return size;
        }
        if (node.isArray()) {
            long size = 2 + Math.max(0, node.size() - 1);
            for (JsonNode element : node) {
                size += bound(element, limit - size);
                if (size > limit) {
                    return size;
                }
            }
            return size;
        }
        if (node.isString()) {
            return text(node.asString());
        }
        if (node.isInt()) {
            return 11; // -2147483648
        }
        if (node.isLong()) {
            return 20; // -9223372036854775808
        }
        if (node.isBoolean()) {
            return 5;
        }
        if (node.isNull()) {
            return 4;
        }
        // other numbers and embedded values: rare in tool input, counted exactly
        return Json.size(node);
    }

    private static long text(String text) {
        return 2 + (long) MAX_BYTES_PER_CHAR * text.length();
    }
}
