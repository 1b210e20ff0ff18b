package dev.stepwise.flow;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Derives a {@link StateSchema} from a Java record's components. */
final class RecordSchemas {

    private RecordSchemas() {}

    static StateSchema of(Class<? extends Record> type) {
        StateSchema.Builder builder = StateSchema.builder();
        for (RecordComponent component : type.getRecordComponents()) {
            builder.field(spec(
                    component.getName(), component.getGenericType(), component.getAnnotation(Describe.class), type));
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static FieldSpec spec(String name, Type type, @Nullable Describe describe, Class<?> owner) {
        FieldSpec.Builder builder;
        Class<?> raw = raw(type);
        if (raw == String.class) {
            builder = FieldSpec.string(name);
        } else if (raw == int.class
                || raw == Integer.class
                || raw == long.class
                || raw == Long.class
                || raw == short.class
                || raw == Short.class
                || raw == BigInteger.class) {
            builder = FieldSpec.integer(name);
        } else if (raw == double.class
                || raw == Double.class
                || raw == float.class
                || raw == Float.class
                || raw == BigDecimal.class) {
            builder = FieldSpec.number(name);
        } else if (raw == boolean.class || raw == Boolean.class) {
            builder = FieldSpec.bool(name);
        } else if (raw.isEnum()) {
            String[] values = Arrays.stream(raw.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name())
                    .toArray(String[]::new);
            builder = FieldSpec.enumeration(name, values);
        } else if (raw.isRecord()) {
            builder = FieldSpec.object(name, of((Class<? extends Record>) raw));
        } else if (List.class.isAssignableFrom(raw) && type instanceof ParameterizedType parameterized) {
            builder = FieldSpec.array(name, spec("item", parameterized.getActualTypeArguments()[0], null, owner));
        } else {
            throw new IllegalArgumentException("record " + owner.getSimpleName() + " component '" + name
                    + "' has type " + type.getTypeName() + ", which has no state field type (use String, a number,"
                    + " boolean, an enum, a record or a List of those)");
        }
        if (describe != null) {
            builder.description(describe.value());
            if (!Double.isNaN(describe.min())) {
                builder.min(describe.min());
            }
            if (!Double.isNaN(describe.max())) {
                builder.max(describe.max());
            }
            if (!describe.format().isEmpty()) {
                builder.format(describe.format());
            }
            if (describe.optional()) {
                builder.optional();
            }
            if (describe.computed()) {
                builder.computed();
            }
        }
        return builder.build();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported state field type " + type.getTypeName());
    }
}
