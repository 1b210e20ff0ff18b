package dev.stepwise.flowfile;

import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.StateSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/** Reads the {@code state}, {@code userScope} and {@code projectScope} sections into schemas. */
final class SchemaReader {

    private static final Set<String> FIELD_KEYS = Set.of(
            "type",
            "description",
            "values",
            "min",
            "max",
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "optional",
            "computed",
            "fields",
            "items");
    private static final Map<String, String> TYPES = Map.of(
            "string", "string",
            "integer", "integer",
            "number", "number",
            "boolean", "boolean",
            "enum", "enum",
            "object", "object",
            "array", "array");

    private final Source source;
    private final List<Problem> problems;

    SchemaReader(Source source, List<Problem> problems) {
        this.source = source;
        this.problems = problems;
    }

    StateSchema schema(String pointer, JsonNode node) {
        StateSchema.Builder builder = StateSchema.builder();
        if (node == null) {
            return builder.build();
        }
        if (!node.isObject()) {
            problems.add(source.at(pointer, "must map field names to field declarations"));
            return builder.build();
        }
        for (String name : node.propertyNames()) {
            FieldSpec spec = field(pointer + "/" + name, name, node.get(name));
            if (spec != null) {
                builder.field(spec);
            }
        }
        return builder.build();
    }

    private FieldSpec field(String pointer, String name, JsonNode node) {
        if (!Keys.check(source, problems, pointer, node, FIELD_KEYS)) {
            return null;
        }
        JsonNode typeNode = node.get("type");
        String type = typeNode == null || !typeNode.isString() ? null : TYPES.get(typeNode.asString());
        if (type == null) {
            problems.add(source.at(
                    pointer + (typeNode == null ? "" : "/type"),
                    "field '" + name + "' needs a type: string, integer, number, boolean, enum, object or array"));
            return null;
        }
        JsonNode pattern = node.get("pattern");
        if (pattern != null && pattern.isString()) {
            try {
                Pattern.compile(pattern.asString());
            } catch (PatternSyntaxException e) {
                problems.add(source.at(
                        pointer + "/pattern",
                        "'pattern' is not a valid regular expression: " + e.getDescription() + " near index "
                                + e.getIndex()));
                return null;
            }
        }
        try {
            FieldSpec.Builder b =
                    switch (type) {
                        case "string" -> FieldSpec.string(name);
                        case "integer" -> FieldSpec.integer(name);
                        case "number" -> FieldSpec.number(name);
                        case "boolean" -> FieldSpec.bool(name);
                        case "enum" -> FieldSpec.enumeration(name, strings(pointer + "/values", node.get("values")));
                        case "object" -> {
                            JsonNode members = required(pointer, node, "fields");
                            yield members == null ? null : FieldSpec.object(name, schema(pointer + "/fields", members));
                        }
                        default -> {
                            FieldSpec items = itemSpec(pointer + "/items", required(pointer, node, "items"));
                            if (items == null) {
                                yield null;
                            }
                            yield FieldSpec.array(name, items);
                        }
                    };
            if (b == null) {
                return null;
            }
            text(pointer, node, "description", b::description);
            number(pointer, node, "min", b::min);
            number(pointer, node, "max", b::max);
            integer(pointer, node, "minLength", b::minLength);
            integer(pointer, node, "maxLength", b::maxLength);
            text(pointer, node, "pattern", b::pattern);
            text(pointer, node, "format", b::format);
            if (flag(pointer, node, "optional")) {
                b.optional();
            }
            if (flag(pointer, node, "computed")) {
                // output-only: set by the flow, never asked nor accepted from a call
                b.computed();
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            problems.add(source.at(pointer, e.getMessage()));
            return null;
        }
    }

    private FieldSpec itemSpec(String pointer, JsonNode node) {
        if (node == null) {
            return null;
        }
        return field(pointer, "item", node);
    }

    private JsonNode required(String pointer, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            problems.add(source.at(pointer, "needs '" + key + "'"));
            return null;
        }
        return value;
    }

    private String[] strings(String pointer, JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || !node.isArray()) {
            problems.add(source.at(pointer, "must be a list of strings"));
            return new String[] {"?"};
        }
        for (JsonNode item : node) {
            if (!item.isString()) {
                problems.add(source.at(pointer, "must be a list of strings"));
                return new String[] {"?"};
            }
            out.add(item.asString());
        }
        return out.toArray(String[]::new);
    }

    private void text(String pointer, JsonNode node, String key, Consumer<String> set) {
        JsonNode value = node.get(key);
        if (value == null) {
            return;
        }
        if (!value.isString()) {
            problems.add(source.at(pointer + "/" + key, "'" + key + "' must be a string"));
            return;
        }
        set.accept(value.asString());
    }

    private void number(String pointer, JsonNode node, String key, DoubleConsumer set) {
        JsonNode value = node.get(key);
        if (value == null) {
            return;
        }
        if (!value.isNumber()) {
            problems.add(source.at(pointer + "/" + key, "'" + key + "' must be a number"));
            return;
        }
        set.accept(value.doubleValue());
    }

    private void integer(String pointer, JsonNode node, String key, IntConsumer set) {
        JsonNode value = node.get(key);
        if (value == null) {
            return;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            problems.add(source.at(pointer + "/" + key, "'" + key + "' must be a whole number of at least 0"));
            return;
        }
        set.accept(value.intValue());
    }

    private boolean flag(String pointer, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            problems.add(source.at(pointer + "/" + key, "'" + key + "' must be true or false"));
            return false;
        }
        return value.booleanValue();
    }
}
