package dev.stepwise.flow;

import dev.stepwise.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns field specs into JSON Schema (draft 2020-12 keywords that draft-07 also reads). */
final class JsonSchemas {

    private JsonSchemas() {}

    /**
     * @param forUpdates the schema of what a call may send: computed fields are left out (the caller
     *                   skips them); otherwise they are marked {@code readOnly}
     */
    static ObjectNode field(FieldSpec spec, boolean lenientScalars, boolean forUpdates) {
        ObjectNode node = Json.object();
        switch (spec.type()) {
            case NUMBER, INTEGER, BOOLEAN -> {
                if (lenientScalars) {
                    ArrayNode types = node.putArray("type");
                    types.add(spec.type().jsonType());
                    types.add("string");
                } else {
                    node.put("type", spec.type().jsonType());
                }
                if (spec.min() != null) {
                    node.put("minimum", spec.min());
                }
                if (spec.max() != null) {
                    node.put("maximum", spec.max());
                }
            }
            case STRING -> {
                node.put("type", "string");
                if (spec.minLength() != null) {
                    node.put("minLength", spec.minLength());
                }
                if (spec.maxLength() != null) {
                    node.put("maxLength", spec.maxLength());
                }
                if (spec.pattern() != null) {
                    node.put("pattern", spec.pattern());
                }
                if (spec.format() != null) {
                    node.put("format", spec.format());
                }
            }
            case ENUM -> {
                node.put("type", "string");
                ArrayNode values = node.putArray("enum");
                spec.values().forEach(values::add);
            }
            case OBJECT -> {
                node.setAll(spec.objectFields().jsonSchema(lenientScalars, forUpdates));
            }
            case ARRAY -> {
                node.put("type", "array");
                node.set("items", field(spec.arrayItems(), lenientScalars, forUpdates));
                if (spec.min() != null) {
                    node.put("minItems", spec.min().intValue());
                }
                if (spec.max() != null) {
                    node.put("maxItems", spec.max().intValue());
                }
            }
        }
        if (spec.description() != null) {
            node.put("description", spec.description());
        }
        if (spec.computed() && !forUpdates) {
            node.put("readOnly", true);
        }
        return node;
    }
}
