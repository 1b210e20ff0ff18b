package dev.stepwise.flowfile;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.NullValue;
import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts between the JSON the engine keeps and the values CEL computes with. Going in, the
 * schema decides the type (an integer field is a CEL {@code int}, a number field a {@code double}
 * even when it holds {@code 35}); unset fields (missing or null) are left out, so {@code has()}
 * tells whether a field is answered.
 */
final class CelValues {

    private CelValues() {}

    /** A state or scope object as a CEL map, typed by its schema; undeclared members are left out. */
    static Map<String, Object> in(StateSchema schema, JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (object == null || !object.isObject()) {
            return out;
        }
        for (FieldSpec spec : schema.fields()) {
            JsonNode value = object.get(spec.name());
            if (value != null && !value.isNull() && !value.isMissingNode()) {
                Object converted = in(spec, value);
                if (converted != null) {
                    out.put(spec.name(), converted);
                }
            }
        }
        return out;
    }

    /** One field's value as CEL sees it, or null when it has the wrong JSON type. */
    static Object in(FieldSpec spec, JsonNode value) {
        return switch (spec.type()) {
            case STRING, ENUM -> value.isString() ? value.asString() : null;
            case INTEGER -> value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue() : null;
            case NUMBER -> value.isNumber() ? (Object) value.doubleValue() : null;
            case BOOLEAN -> value.isBoolean() ? (Object) value.booleanValue() : null;
            case OBJECT -> value.isObject() ? in(spec.fields(), value) : null;
            case ARRAY -> {
                if (!value.isArray()) {
                    yield null;
                }
                List<Object> list = new ArrayList<>();
                for (JsonNode item : value) {
                    Object converted = item.isNull() ? null : in(spec.items(), item);
                    if (converted != null) {
                        list.add(converted);
                    }
                }
                yield list;
            }
        };
    }

    /** A request scratch value (any JSON-convertible object) as CEL sees it. */
    static Object dyn(Object value) {
        return dyn(value instanceof JsonNode node ? node : Json.mapper().valueToTree(value));
    }

    private static Object dyn(JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            value.properties().forEach(e -> map.put(e.getKey(), dyn(e.getValue())));
            return map;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(item -> list.add(dyn(item)));
            return list;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNull()) {
            return NullValue.NULL_VALUE;
        }
        return value.asString();
    }

    /**
     * A CEL result as JSON. Numbers keep their CEL type ({@code int} to an integer, {@code double}
     * to a floating point number); CEL's null becomes JSON null (which unsets a field).
     *
     * @throws IllegalArgumentException for a value JSON cannot hold (bytes, timestamps, types)
     */
    static JsonNode out(Object value) {
        if (value == null
                || value instanceof dev.cel.common.values.NullValue
                || value instanceof com.google.protobuf.NullValue) {
            return Json.nodes().nullNode();
        }
        if (value instanceof String text) {
            return Json.nodes().stringNode(text);
        }
        if (value instanceof Boolean bool) {
            return Json.nodes().booleanNode(bool);
        }
        if (value instanceof Long number) {
            return Json.nodes().numberNode(number);
        }
        if (value instanceof Double number) {
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("the expression computed " + number + ", which JSON cannot hold");
            }
            return Json.nodes().numberNode(number);
        }
        if (value instanceof UnsignedLong number) {
            return Json.nodes().numberNode(new BigInteger(number.toString()));
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = Json.object();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("the expression computed a map with a non-string key "
                            + e.getKey() + "; JSON objects have string keys");
                }
                object.set(key, out(e.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = Json.mapper().createArrayNode();
            list.forEach(item -> array.add(out(item)));
            return array;
        }
        throw new IllegalArgumentException("the expression computed a value JSON cannot hold (bytes, a timestamp, a"
                + " duration or a type); compute a string, number, boolean, list or map");
    }
}
