package dev.stepwise.flow;

import dev.stepwise.internal.json.JsonPaths;
import dev.stepwise.json.Json;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The typed state of a flow: its declared fields, in declaration order. The JSON Schema of
 * {@code stateUpdates} and the {@code fieldSchema} hints of the flow tool both come from it.
 * Immutable.
 */
public final class StateSchema {

    private final Map<String, FieldSpec> fields;
    private final List<String> order;

    private StateSchema(Map<String, FieldSpec> fields) {
        this.fields = Map.copyOf(fields);
        this.order = List.copyOf(fields.keySet());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The schema of a Java record's components; see {@link Describe}. */
    public static StateSchema of(Class<? extends Record> type) {
        return RecordSchemas.of(type);
    }

    /** The top-level fields in declaration order. */
    public List<FieldSpec> fields() {
        return order.stream().map(fields::get).toList();
    }

    /** The top-level field names in declaration order. */
    public Collection<String> names() {
        return order;
    }

    /** The spec of a top-level field; null if undeclared. */
    public @Nullable FieldSpec field(String name) {
        return fields.get(name);
    }

    /** The spec of a top-level field or dot path into object fields; null if undeclared. */
    public @Nullable FieldSpec resolve(String path) {
        JsonPaths.check(path);
        // walked segment by segment in place: every field a call updates or a node asks is resolved
        StateSchema schema = this;
        int from = 0;
        while (true) {
            int dot = path.indexOf('.', from);
            String part = JsonPaths.segment(path, from, dot < 0 ? path.length() : dot);
            FieldSpec spec = schema.fields.get(part);
            if (spec == null || dot < 0) {
                return spec;
            }
            if (spec.type() != FieldType.OBJECT) {
                return null;
            }
            schema = spec.objectFields();
            from = dot + 1;
        }
    }

    /** The {@code fieldSchema} hint of the flow tool for a field path. */
    public ObjectNode hint(String path) {
        FieldSpec spec = resolve(path);
        if (spec == null) {
            throw new IllegalArgumentException("undeclared field '" + path + "'");
        }
        ObjectNode hint = Json.object();
        hint.put("type", spec.type().hintType());
        if (spec.type() == FieldType.ENUM) {
            ArrayNode values = hint.putArray("values");
            spec.values().forEach(values::add);
        }
        if (spec.description() != null) {
            hint.put("description", spec.description());
        }
        if (spec.optional()) {
            hint.put("optional", true);
        }
        return hint;
    }

    /**
     * The JSON Schema of a partial state: every field optional, nested members optional too.
     *
     * @param lenientScalars also accept strings for numbers, integers and booleans, so that a
     *                       host validating arguments against this schema lets {@code "34"} through
     *                       to the engine, which coerces it or re-asks with the reason
     */
    public ObjectNode partialJsonSchema(boolean lenientScalars) {
        return jsonSchema(lenientScalars, false);
    }

    /**
     * The JSON Schema of what a call may send in {@code stateUpdates}: {@link #partialJsonSchema}
     * without the {@linkplain FieldSpec#computed() computed} fields, at any depth.
     */
    public ObjectNode updatesJsonSchema(boolean lenientScalars) {
        return jsonSchema(lenientScalars, true);
    }

    ObjectNode jsonSchema(boolean lenientScalars, boolean forUpdates) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (String name : order) {
            FieldSpec spec = Objects.requireNonNull(fields.get(name), name);
            if (!(forUpdates && spec.computed())) {
                properties.set(name, JsonSchemas.field(spec, lenientScalars, forUpdates));
            }
        }
        return schema;
    }

    /** Builds a {@link StateSchema}. */
    public static final class Builder {
        private final Map<String, FieldSpec> fields = new LinkedHashMap<>();

        Builder() {}

        public Builder field(FieldSpec spec) {
            if (fields.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("field '" + spec.name() + "' is declared twice");
            }
            return this;
        }

        public Builder string(String name, String description) {
            return field(FieldSpec.string(name).description(description).build());
        }

        public Builder string(String name, String description, UnaryOperator<FieldSpec.Builder> more) {
            return field(
                    more.apply(FieldSpec.string(name).description(description)).build());
        }

        public Builder integer(String name, String description) {
            return field(FieldSpec.integer(name).description(description).build());
        }

        public Builder integer(String name, String description, UnaryOperator<FieldSpec.Builder> more) {
            return field(
                    more.apply(FieldSpec.integer(name).description(description)).build());
        }

        public Builder number(String name, String description) {
            return field(FieldSpec.number(name).description(description).build());
        }

        public Builder number(String name, String description, UnaryOperator<FieldSpec.Builder> more) {
            return field(
                    more.apply(FieldSpec.number(name).description(description)).build());
        }

        public Builder bool(String name, String description) {
            return field(FieldSpec.bool(name).description(description).build());
        }

        public Builder enumeration(String name, String description, String... values) {
            return field(
                    FieldSpec.enumeration(name, values).description(description).build());
        }

        public Builder object(String name, String description, StateSchema members) {
            return field(
                    FieldSpec.object(name, members).description(description).build());
        }

        public Builder array(String name, String description, FieldSpec items) {
            return field(FieldSpec.array(name, items).description(description).build());
        }

        public StateSchema build() {
            return new StateSchema(fields);
        }
    }
}
