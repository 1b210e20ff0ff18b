package dev.stepwise.flow;

/** The JSON type of a state field. */
public enum FieldType {
    STRING("string"),
    NUMBER("number"),
    INTEGER("integer"),
    BOOLEAN("boolean"),
    ENUM("string"),
    OBJECT("object"),
    ARRAY("array");

    private final String jsonType;

    FieldType(String jsonType) {
        this.jsonType = jsonType;
    }

    /** The JSON Schema {@code type} of values of this field. */
    public String jsonType() {
        return jsonType;
    }

    /** The {@code fieldSchema.type} hint of the flow tool contract (integers show as numbers). */
    public String hintType() {
        return switch (this) {
            case INTEGER -> "number";
            case ENUM -> "enum";
            default -> jsonType;
        };
    }
}
