package dev.stepwise.flow;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One declared state field: its JSON type and the constraints values must meet. Build with the
 * static factories, e.g. {@code FieldSpec.integer("age").description("Driver age").min(16).build()}.
 *
 * @param name        the field name (no dots)
 * @param type        the JSON type
 * @param description what the field means, shown to the model
 * @param values      allowed values of an {@link FieldType#ENUM} field
 * @param min         inclusive lower bound of a number, or minimum items of an array
 * @param max         inclusive upper bound of a number, or maximum items of an array
 * @param minLength   minimum length of a string
 * @param maxLength   maximum length of a string
 * @param pattern     a regular expression a string must match entirely
 * @param format      a named string format: {@code email}, {@code uri} or {@code date} (ISO-8601)
 * @param optional    whether the flow may finish without it (a hint for the model)
 * @param fields      members of an {@link FieldType#OBJECT} field
 * @param items       the element spec of an {@link FieldType#ARRAY} field
 */
public record FieldSpec(String name, FieldType type, String description, List<String> values,
                        BigDecimal min, BigDecimal max, Integer minLength, Integer maxLength,
                        String pattern, String format, boolean optional, StateSchema fields, FieldSpec items) {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public FieldSpec {
        Objects.requireNonNull(type, "type");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field name '" + name
                    + "' must match " + NAME.pattern() + " (letters, digits, underscore; no dots)");
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
            throw new IllegalArgumentException("field '" + name + "': unknown format '" + format
                    + "' (known: email, uri, date)");
        }
        if (pattern != null) {
            Pattern.compile(pattern);
        }
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
        private String description;
        private List<String> values;
        private BigDecimal min;
        private BigDecimal max;
        private Integer minLength;
        private Integer maxLength;
        private String pattern;
        private String format;
        private boolean optional;
        private StateSchema fields;
        private FieldSpec items;

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

        Builder fields(StateSchema value) {
            this.fields = value;
            return this;
        }

        Builder items(FieldSpec value) {
            this.items = value;
            return this;
        }

        public FieldSpec build() {
            return new FieldSpec(name, type, description, values, min, max, minLength, maxLength,
                    pattern, format, optional, fields, items);
        }
    }
}
