package dev.stepwise.flowfile;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.StateSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL types of a flow's state and scopes, made from their schemas, so that {@code state.agee}
 * or {@code state.age + 'x'} is refused when the file loads rather than when a user gets there.
 * Each schema (and each object field) becomes a struct type named after its path, e.g.
 * {@code stepwise.State.address}; at run time the value is a plain map, which CEL selects from in
 * the same way.
 */
final class StateTypes {

    private final Map<String, CelType> declared = new LinkedHashMap<>();

    /** Declares the struct type {@code name} for {@code schema} (and its nested objects). */
    StructType declare(String name, StateSchema schema) {
        Map<String, CelType> fields = new LinkedHashMap<>();
        for (FieldSpec spec : schema.fields()) {
            fields.put(spec.name(), type(name + "." + spec.name(), spec));
        }
        ImmutableMap<String, CelType> members = ImmutableMap.copyOf(fields);
        StructType struct = StructType.create(
                name, ImmutableSet.copyOf(members.keySet()), field -> Optional.ofNullable(members.get(field)));
        declared.put(name, struct);
        return struct;
    }

    /** The CEL type of values of a field at {@code name} (an object's struct type is reused once declared). */
    CelType type(String name, FieldSpec spec) {
        return switch (spec.type()) {
            case STRING, ENUM -> SimpleType.STRING;
            case INTEGER -> SimpleType.INT;
            case NUMBER -> SimpleType.DOUBLE;
            case BOOLEAN -> SimpleType.BOOL;
            case OBJECT -> declared.containsKey(name) ? declared.get(name) : declare(name, spec.fields());
            case ARRAY -> ListType.create(type(name + "_item", spec.items()));
        };
    }

    /** A provider of every type declared so far. */
    CelTypeProvider provider() {
        return new Provider(ImmutableMap.copyOf(declared));
    }

    private static final class Provider implements CelTypeProvider {
        private final ImmutableMap<String, CelType> types;

        Provider(ImmutableMap<String, CelType> types) {
            this.types = types;
        }

        @Override
        public ImmutableCollection<CelType> types() {
            return types.values();
        }

        @Override
        public Optional<CelType> findType(String typeName) {
            return Optional.ofNullable(types.get(typeName));
        }
    }
}
