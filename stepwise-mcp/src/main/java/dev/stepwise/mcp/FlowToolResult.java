package dev.stepwise.mcp;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.Visit;
import dev.stepwise.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code CallToolResult} of one flow tool call: the flow's response as structured content, the
 * same JSON as a text block (the contract asks for both), whether it is an error, and the
 * {@code stepwise/flow} meta (flow id, version, nodes visited). {@link #toTree} and {@link #write}
 * give the same JSON; the response is serialised once, when the result is made, and
 * {@code write} copies it into both places, where a tree would be serialised twice over. The
 * result is made before anything is written, so writing it starts no second JSON document.
 * Immutable.
 */
public final class FlowToolResult {

    private final FlowResponse response;
    private final boolean echoSessionId;
    // the trees are built once and never handed out to be changed; the texts are their JSON
    private final ObjectNode structuredTree;
    private final ObjectNode flowTree;
    private final String structured;
    private final String flow;

    /**
     * @param response      the engine's answer
     * @param echoSessionId whether the structured content names the session (it does unless the
     *                      host sent the session id in {@code _meta})
     */
    public FlowToolResult(FlowResponse response, boolean echoSessionId) {
        this.response = Objects.requireNonNull(response, "response");
        this.echoSessionId = echoSessionId;
        this.structuredTree = response.toJson(echoSessionId);
        this.flowTree = flowMeta(response.meta());
        // compact JSON as the mapper writes it: valid as it stands, so write() copies it in raw
        this.structured = new String(Json.bytes(structuredTree), StandardCharsets.UTF_8);
        this.flow = new String(Json.bytes(flowTree), StandardCharsets.UTF_8);
    }

    /** The engine's answer. */
    public FlowResponse response() {
        return response;
    }

    /** Whether the structured content names the session. */
    public boolean echoSessionId() {
        return echoSessionId;
    }

    /** The result as a JSON object: {@code content}, {@code isError}, {@code structuredContent}, {@code _meta}. */
    public ObjectNode toTree() {
        ObjectNode result = Json.object();
        ObjectNode text = result.putArray("content").addObject();
        text.put("type", "text");
        text.put("text", structured);
        result.put("isError", isError());
        result.set("structuredContent", structuredTree.deepCopy());
        result.putObject("_meta").set("stepwise/flow", flowTree.deepCopy());
        return result;
    }

    /** Writes the object {@link #toTree} builds, member for member, as the next value of {@code g}. */
    public void write(JsonGenerator g) {
        g.writeStartObject();
        g.writeName("content");
        g.writeStartArray();
        g.writeStartObject();
        g.writeStringProperty("type", "text");
        g.writeStringProperty("text", structured);
        g.writeEndObject();
        g.writeEndArray();
        g.writeBooleanProperty("isError", isError());
        g.writeName("structuredContent");
        g.writeRawValue(structured);
        g.writeName("_meta");
        g.writeStartObject();
        g.writeName("stepwise/flow");
        g.writeRawValue(flow);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The response as compact JSON text: the text block's content. */
    String structuredText() {
        return structured;
    }

    /** The structured content as a tree, to be read only. */
    ObjectNode structuredTree() {
        return structuredTree;
    }

    /** The {@code stepwise/flow} member of {@code _meta} as a tree, to be read only. */
    ObjectNode flowTree() {
        return flowTree;
    }

    /** The {@code stepwise/flow} member of {@code _meta}: flow id, version, nodes visited. */
    private static ObjectNode flowMeta(FlowResponse.Meta meta) {
        ObjectNode flow = Json.object();
        flow.put("flowId", meta.flowId());
        if (meta.version() != null) {
            flow.put("version", meta.version());
        }
        var visits = flow.putArray("nodesVisited");
        for (Visit visit : meta.visits()) {
            ObjectNode node = visits.addObject();
            node.put("id", visit.id());
            node.put("at", Json.instantText(visit.at()));
        }
        return flow;
    }

    boolean isError() {
        return response instanceof FlowResponse.Failed;
    }
}
