package dev.stepwise.flow;

import dev.stepwise.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Exports a flow's graph as Mermaid and JSON, and hashes its structure. */
final class FlowGraph {

    private FlowGraph() {}

    static String mermaid(Flow flow) {
        StringBuilder out = new StringBuilder("flowchart TD\n");
        out.append("  ").append(Flow.START).append("([START])\n");
        out.append("  ").append(Flow.END).append("([END])\n");
        for (Node node : flow.nodes()) {
            String shape =
                    switch (node.kind()) {
                        case "ask" -> "[/\"" + node.id() + " (ask)\"/]";
                        case "widget" -> "[[\"" + node.id() + " (widget)\"]]";
                        default -> "[\"" + node.id() + " (action)\"]";
                    };
            out.append("  ").append(node.id()).append(shape).append('\n');
        }
        for (Edge edge : flow.edges()) {
            String arrow = edge instanceof Edge.Conditional ? " -.-> " : " --> ";
            for (String target : edge.targets()) {
                out.append("  ")
                        .append(edge.from())
                        .append(arrow)
                        .append(target)
                        .append('\n');
            }
        }
        return out.toString();
    }

    static ObjectNode json(Flow flow, boolean withText) {
        ObjectNode root = Json.object();
        root.put("flowId", flow.id());
        root.put("version", flow.version());
        if (withText) {
            root.put("title", flow.title() == null ? flow.id() : flow.title());
            root.put("description", flow.description());
        }
        ArrayNode nodes = root.putArray("nodes");
        for (Node node : flow.nodes()) {
            ObjectNode n = nodes.addObject();
            n.put("id", node.id());
            n.put("type", node.kind());
            if (node instanceof Node.AskNode ask && ask.fixed() != null) {
                ArrayNode fields = n.putArray("fields");
                ask.fixed().questions().forEach(q -> fields.add(q.field()));
            } else if (node instanceof Node.AskNode) {
                n.put("dynamic", true);
            } else if (node instanceof Node.WidgetNode widget) {
                n.put("tool", widget.tool());
                if (widget.field() != null) {
                    n.put("field", widget.field());
                }
            }
        }
        ArrayNode edges = root.putArray("edges");
        for (Edge edge : flow.edges()) {
            ObjectNode e = edges.addObject();
            e.put("from", edge.from());
            if (edge instanceof Edge.Direct direct) {
                e.put("to", direct.to());
                e.put("type", "direct");
            } else {
                ArrayNode to = e.putArray("to");
                edge.targets().forEach(to::add);
                e.put("type", "conditional");
            }
        }
        root.set("state", flow.schema().partialJsonSchema(false));
        return root;
    }

    /** Wording may change without changing the graph a session runs on. */
    private static void stripDescriptions(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("description");
        }
        for (JsonNode child : node) {
            stripDescriptions(child);
        }
    }

    static String hash(Flow flow) {
        ObjectNode structure = json(flow, false);
        structure.remove("version");
        stripDescriptions(structure);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.text(structure).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
