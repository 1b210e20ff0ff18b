package dev.stepwise.server.inspector;

import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.mcp.FlowTools;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A hosted flow as the inspector shows it: graph, state schema and the exact MCP tool definition. */
final class FlowJson {

    private FlowJson() {}

    static ObjectNode summary(Flow flow) {
        ObjectNode out = Json.object();
        out.put("id", flow.id());
        out.put("version", flow.version());
        out.put("title", flow.title() == null ? flow.id() : flow.title());
        out.put("graphHash", flow.graphHash());
        out.put("nodes", flow.nodes().size());
        return out;
    }

    static ObjectNode full(Flow flow) {
        ObjectNode out = summary(flow);
        out.put("description", flow.description());
        out.put("sessionTtl", flow.sessionTtl().toString());
        ObjectNode graph = flow.toJson();
        out.set("graph", graph);
        out.set("schema", schema(flow.schema()));
        out.set("userSchema", schema(flow.userSchema()));
        out.set("projectSchema", schema(flow.projectSchema()));
        out.set("tool", tool(flow));
        return out;
    }

    /** The tool definition as {@code tools/list} publishes it (name, title, description, schemas). */
    static ObjectNode tool(Flow flow) {
        ObjectNode tool = Json.object();
        tool.put("name", flow.id());
        tool.put("title", flow.title() != null ? flow.title() : flow.id());
        tool.put("description", FlowTools.description(flow));
        tool.set("inputSchema", tree(FlowTools.inputSchema(flow)));
        tool.set("outputSchema", tree(FlowTools.outputSchema()));
        ObjectNode annotations = flow.annotations();
        if (annotations != null && !annotations.isEmpty()) {
            tool.set("annotations", annotations);
        }
        return tool;
    }

    /** The schema's fields as rows; members of object fields follow as dot paths. */
    static ArrayNode schema(StateSchema schema) {
        ArrayNode rows = Json.nodes().arrayNode();
        addRows(rows, schema, "");
        return rows;
    }

    private static void addRows(ArrayNode rows, StateSchema schema, String prefix) {
        for (FieldSpec field : schema.fields()) {
            ObjectNode row = rows.addObject();
            row.put("name", prefix + field.name());
            row.put("type", field.type().name().toLowerCase(Locale.ROOT));
            row.put("description", field.description() == null ? "" : field.description());
            row.put("optional", field.optional());
            row.put("computed", field.computed());
            ArrayNode constraints = row.putArray("constraints");
            if (!field.values().isEmpty()) {
                constraints.add("one of " + String.join(", ", field.values()));
            }
            if (field.min() != null) {
                constraints.add("min " + field.min().toPlainString());
            }
            if (field.max() != null) {
                constraints.add("max " + field.max().toPlainString());
            }
            if (field.minLength() != null) {
                constraints.add("min length " + field.minLength());
            }
            if (field.maxLength() != null) {
                constraints.add("max length " + field.maxLength());
            }
            if (field.pattern() != null) {
                constraints.add("pattern " + field.pattern());
            }
            if (field.format() != null) {
                constraints.add("format " + field.format());
            }
            if (!field.values().isEmpty()) {
                ArrayNode values = row.putArray("values");
                field.values().forEach(values::add);
            }
            if (field.items() != null) {
                row.put("items", field.items().type().name().toLowerCase(Locale.ROOT));
            }
            if (field.fields() != null) {
                addRows(rows, field.fields(), prefix + field.name() + ".");
            }
        }
    }

    private static JsonNode tree(Map<String, Object> map) {
        return Json.mapper().valueToTree(map);
    }
}
