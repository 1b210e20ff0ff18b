package dev.stepwise.flow;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One declared state field: its JSON type and the constraints values must meet. Build with the
 * static factories, e.g. {@code FieldSpec.integer("age").description("Driver age").min(16).build()}.
 *
 * @param name        the field name (no dots)
 * @param type        the JSON type
 * @param description what the field means, shown to the model
 * @param values      allowed values of an {@link FieldType#ENUM} field; empty for other types
 * @param min         inclusive lower bound of a number, or minimum items of an array
 * @param max         inclusive upper bound of a number, or maximum items of an array
 * @param minLength   minimum length of a string
 * @param maxLength   maximum length of a string
 * @param pattern     a regular expression a string must match entirely
 * @param format      a named string format: {@code email}, {@code uri} or {@code date} (ISO-8601)
 * @param optional    whether the flow may finish without it (a hint for the model)
 * @param fields      members of an {@link FieldType#OBJECT} field
 * @param items       the element spec of an {@link FieldType#ARRAY} field
 * @param computed    output-only: set by the flow's own code (actions, validators, migrations), never
 *                    by a call. Absent from the published {@code stateUpdates} schema; a call that sends
 *                    it is refused with {@code INVALID_INPUT} and nothing is saved
 */
public record FieldSpec(
        String name,
        FieldType type,
        @Nullable String description,
        List<String> values,
        @Nullable BigDecimal min,
        @Nullable BigDecimal max,
        @Nullable Integer minLength,
        @Nullable Integer maxLength,
        @Nullable String pattern,
        @Nullable String format,
        boolean optional,
        @Nullable StateSchema fields,
        @Nullable FieldSpec items,
        boolean computed) {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public FieldSpec {
        Objects.requireNonNull(type, "type");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field name '" + name + "' must match " + NAME.pattern()
                    + " (letters, digits, underscore; no dots)");
        }
        values = values == null ? List.of() : List.copyOf(values);
        if (type == FieldType.ENUM && values.isEmpty()) {
            throw new IllegalArgumentException("enum field '" + name + "' declares no values");
        }
        if (type == FieldType.OBJECT && fields == null) {
            throw new IllegalArgumentException("object field '" + name + "' declares no members");
        }
        if (type == FieldType.ARRAY && items == null) {
            throw new IllegalArgumentException("array field '" + name + "' declares no item type");
        }
        if (format != null && !List.of("email", "uri", "date").contains(format)) {
            throw new IllegalArgumentException(
                    "field '" + name + "': unknown format '" + format + "' (known: email, uri, date)");
        }
        if (pattern != null) {
            Pattern.compile(pattern);
        }
    }

    /**
     * The members of an {@link FieldType#OBJECT} field.
     *
     * @throws IllegalStateException when this field is not an object
     */
    public StateSchema objectFields() {
        if (fields == null) {
            throw new IllegalStateException("field '" + name + "' is " + type + ", not an object");
        }
        return fields;
    }

    /**
     * The element spec of an {@link FieldType#ARRAY} field.
     *
     * @throws IllegalStateException when this field is not an array
     */
    public FieldSpec arrayItems() {
        if (items == null) {
            throw new IllegalStateException("field '" + name + "' is " + type + ", not an array");
        }
        return items;
    }

    public static Builder string(String name) {
        return new Builder(name, FieldType.STRING);
    }

    public static Builder number(String name) {
        return new Builder(name, FieldType.NUMBER);
    }

    public static Builder integer(String name) {
        return new Builder(name, FieldType.INTEGER);
    }

    public static Builder bool(String name) {
        return new Builder(name, FieldType.BOOLEAN);
    }

    public static Builder enumeration(String name, String... values) {
        return new Builder(name, FieldType.ENUM).values(List.of(values));
    }

    public static Builder object(String name, StateSchema members) {
        return new Builder(name, FieldType.OBJECT).fields(members);
    }

    public static Builder array(String name, FieldSpec items) {
        return new Builder(name, FieldType.ARRAY).items(items);
    }

    /** Builds a {@link FieldSpec}; every setter returns this builder. */
    public static final class Builder {
        private final String name;
        private final FieldType type;
        private @Nullable String description;
        private @Nullable List<String> values;
        private @Nullable BigDecimal min;
        private @Nullable BigDecimal max;
        private @Nullable Integer minLength;
        private @Nullable Integer maxLength;
        private @Nullable String pattern;
        private @Nullable String format;
        private boolean optional;
        private @Nullable StateSchema fields;
        private @Nullable FieldSpec items;
        private boolean computed;

        Builder(String name, FieldType type) {
            this.name = name;
            this.type = type;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder values(List<String> value) {
            this.values = value;
            return this;
        }

        public Builder min(double value) {
            this.min = BigDecimal.valueOf(value);
            return this;
        }

        public Builder max(double value) {
            this.max = BigDecimal.valueOf(value);
            return this;
        }

        public Builder minLength(int value) {
            this.minLength = value;
            return this;
        }

        public Builder maxLength(int value) {
            this.maxLength = value;
            return this;
        }

        public Builder pattern(String regex) {
            this.pattern = regex;
            return this;
        }

        public Builder format(String value) {
            this.format = value;
            return this;
        }

        public Builder optional() {
            this.optional = true;
            return this;
        }

        /**
         * Output-only: the flow computes this field (a price, an id, a derived band); a model can
         * neither see it in the {@code stateUpdates} schema nor set it. Implies {@link #optional()}.
         */
        public Builder computed() {
            this.computed = true;
            this.optional = true;
            return this;
        }

        Builder fields(StateSchema value) {
            this.fields = value;
            return this;
        }

        Builder items(FieldSpec value) {
            this.items = value;
            return this;
        }

        public FieldSpec build() {
            return new FieldSpec(
                    name,
                    type,
                    description,
                    values == null ? List.of() : values,
                    min,
                    max,
                    minLength,
                    maxLength,
                    pattern,
                    format,
                    optional,
                    fields,
                    items,
                    computed);
        }
    }
}
