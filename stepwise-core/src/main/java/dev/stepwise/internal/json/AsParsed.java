package dev.stepwise.internal.json;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Brings a tree to the form parsing its own JSON text gives back, in place: {@code parse(bytes(t))}
 * equals {@code t} afterwards, node types included. A tree built in code may hold values the text
 * cannot tell apart from others (a {@code double} reads back as a decimal, a small {@code long} as an
 * int); once normalised, a tree kept in memory behaves exactly as one read back from storage.
 *
 * <p>Only the values that differ are replaced, each by its own round trip through JSON text, so a
 * tree that came from the parser is walked without a change or an allocation.
 */
public final class AsParsed {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final boolean FAST_DOUBLE_WRITER =
            Json.mapper().isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);

    private AsParsed() {}

    /** Normalises every value under {@code container} (an object or array; anything else is left alone). */
    public static void normalize(JsonNode container) {
        if (container.isEmpty()) {
            return; // most of a record's maps, every turn: not even an iterator
        }
        if (container instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> changed = null;
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                JsonNode value = property.getValue();
                if (value.isContainer()) {
                    normalize(value);
                } else if (!parsed(value)) {
                    if (changed == null) {
                        changed = new ArrayList<>();
                    }
                    changed.add(Map.entry(property.getKey(), reparsed(value)));
                }
            }
            if (changed != null) {
                // replaced after the walk: the object's properties are not changed while iterated
                changed.forEach(e -> object.set(e.getKey(), e.getValue()));
            }
        } else if (container instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isContainer()) {
                    normalize(value);
                } else if (!parsed(value)) {
                    array.set(i, reparsed(value));
                }
            }
        }
    }

    /** Whether the parser gives back a scalar of this type and value from its own text. */
    private static boolean parsed(JsonNode value) {
        if (value instanceof StringNode
                || value instanceof IntNode
                || value instanceof BooleanNode
                || value instanceof NullNode) {
            return true;
        }
        if (value instanceof LongNode) {
            long v = value.longValue();
            return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE;
        }
        if (value instanceof BigIntegerNode) {
            BigInteger v = value.bigIntegerValue();
            return v.compareTo(LONG_MIN) < 0 || v.compareTo(LONG_MAX) > 0;
        }
        if (value instanceof DecimalNode) {
            // written as BigDecimal.toString(): a decimal point or an exponent reads back as this decimal
            String text = value.decimalValue().toString();
            return text.indexOf('.') >= 0 || text.indexOf('E') >= 0;
        }
        return false; // double, float, short, binary, POJO: their text reads back as another type
    }

    /** The value as its text reads back; itself when its text does not read back at all (NaN). */
    private static JsonNode reparsed(JsonNode value) {
        // the two a flow computes most (an int answer coerced to long, a price as double) without a
        // round trip through text: each was a generator and a parser, a twentieth of a turn's CPU
        if (value instanceof LongNode) {
            return Json.nodes().numberNode(value.intValue()); // in int range, or parsed() had kept it
        }
        if (value instanceof DoubleNode && Double.isFinite(value.doubleValue())) {
            // the generator's text for a double, read back as the parser reads floats: a decimal
            return DecimalNode.valueOf(new BigDecimal(NumberOutput.toString(value.doubleValue(), FAST_DOUBLE_WRITER)));
        }
        try {
            return Json.parse(Json.bytes(value));
        } catch (JsonException e) {
            // left as it is: whoever writes it meets the same text, and reading it back fails there
            return value;
        }
    }
}
