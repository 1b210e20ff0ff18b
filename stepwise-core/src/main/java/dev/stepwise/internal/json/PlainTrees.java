package dev.stepwise.internal.json;

import dev.stepwise.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code Json.mapper().valueToTree(value)} for the values flows hand the engine on every turn
 * (widget data, results, patches, once-only results): maps with string keys, lists, strings,
 * {@code int}, {@code long}, {@code double}, {@code BigDecimal}, {@code BigInteger}, booleans and
 * null, built directly. The mapper's route serializes through a serialization context and a
 * tree-building generator, a tenth of what a turn allocated. Any other value (a record, a bean, a
 * {@code float}, a map of another key type, a collection class of the application's own) goes to
 * the mapper whole, so the tree is the mapper's in every case.
 */
public final class PlainTrees {

    private PlainTrees() {}

    /**
     * The same tree as {@code Json.mapper().valueToTree(value)}.
     *
     * @throws IllegalArgumentException when the value holds itself (a map or list inside itself) or
     *     nests deeper than the stack allows; the mapper would throw a {@code StackOverflowError}
     */
    public static JsonNode of(Object value) {
        try {
            JsonNode tree = value == null ? null : build(value, Json.nodes(), 0);
            return tree != null ? tree : Json.mapper().valueToTree(value);
        } catch (StackOverflowError e) {
            // The stack is unwound to here and nothing but the half-built tree is lost. Jackson's
            // bean serializer reports a bean that holds itself the same way ("Infinite recursion").
            // Not kept as the cause: its trace, a thousand frames of the same few methods, would
            // fill the node failure's log line and says nothing the message does not.
            throw new IllegalArgumentException(
                    "the value refers to itself (a map or list inside itself) or nests too deep to write as JSON");
        }
    }

    /** The tree, or null as soon as a part of the value is not plain (the mapper then does it all). */
    private static @Nullable JsonNode build(@Nullable Object value, JsonNodeFactory nodes, int depth) {
        if (value == null) {
            return nodes.nullNode();
        } else if (value instanceof String text) {
            return nodes.stringNode(text);
        } else if (value instanceof Integer number) {
            return nodes.numberNode(number.intValue());
        } else if (value instanceof Long number) {
            return nodes.numberNode(number.longValue());
        } else if (value instanceof Double number) {
            return nodes.numberNode(number.doubleValue());
        } else if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        } else if (value.getClass() == BigDecimal.class) {
            // the class itself, not a subclass of the application's (BigDecimal is not final)
            return nodes.numberNode((BigDecimal) value);
        } else if (value.getClass() == BigInteger.class) {
            return nodes.numberNode((BigInteger) value);
        }
        // deeper than any record may be (a cycle, say), or an application's own collection class,
        // which may carry Jackson annotations: the mapper's
        if (depth >= Json.MAX_DEPTH || value.getClass().getClassLoader() != null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    return null;
                }
                JsonNode child = build(entry.getValue(), nodes, depth + 1);
                if (child == null) {
                    return null;
                }
                object.set(name, child);
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode(list.size());
            for (Object element : list) {
                JsonNode child = build(element, nodes, depth + 1);
                if (child == null) {
                    return null;
                }
                array.add(child);
            }
            return array;
        }
        return null;
    }
}
