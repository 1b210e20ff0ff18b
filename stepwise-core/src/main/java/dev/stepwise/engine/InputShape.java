package dev.stepwise.engine;

import dev.stepwise.json.Json;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Checks the shape of caller input before anything measures, copies or stores it: nesting no
 * deeper than {@link #MAX_DEPTH} (a tree built in memory never met the parser's limit, and
 * serialising a 10,000-deep tree throws), and no lone UTF-16 surrogates in keys or strings (they
 * have no UTF-8 form, so what would be stored is not what was sent).
 */
final class InputShape {

    /**
     * Deepest caller input accepted: below {@link Json#MAX_DEPTH}, because the stored record nests the
     * state a few levels down and must stay readable by the same strict parser.
     */
    static final int MAX_DEPTH = Json.MAX_DEPTH - 8;

    private InputShape() {}

    /**
     * A message naming the problem, or null when {@code node} is fine. The walk descends no further
     * than {@link #MAX_DEPTH} levels, so however deep the input, the stack it uses is bounded.
     */
    static @Nullable String problem(@Nullable JsonNode node, String what) {
        return node == null ? null : problem(node, what, 1);
    }

    private static @Nullable String problem(JsonNode current, String what, int depth) {
        if (depth > MAX_DEPTH) {
            return what + " nests deeper than " + MAX_DEPTH + " levels";
        }
        if (current.isString()) {
            return loneSurrogateAt(current.asString()) >= 0
                    ? what + " holds a string with an unpaired UTF-16 surrogate (invalid Unicode)"
                    : null;
        }
        if (current.isObject()) {
            for (Map.Entry<String, JsonNode> field : current.properties()) {
                if (loneSurrogateAt(field.getKey()) >= 0) {
                    return what + " holds a field name with an unpaired UTF-16 surrogate (invalid Unicode)";
                }
                String problem = problem(field.getValue(), what, depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (current.isArray()) {
            for (JsonNode element : current) {
                String problem = problem(element, what, depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** A message naming the problem with a text argument, or null. */
    static @Nullable String problem(@Nullable String text, String what) {
        if (text != null && loneSurrogateAt(text) >= 0) {
            return what + " holds an unpaired UTF-16 surrogate (invalid Unicode)";
        }
        return null;
    }

    /** Index of the first unpaired surrogate, or -1. */
    static int loneSurrogateAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
