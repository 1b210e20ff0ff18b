package dev.stepwise.server;

import dev.stepwise.json.Json;
import dev.stepwise.mcp.FlowToolResult;
import tools.jackson.databind.JsonNode;

/**
 * The stateless endpoint's short path for the two requests a conversation sends most: {@code ping}
 * and {@code tools/call} of a flow tool. It answers them from the request tree {@link McpPost}
 * already parsed, calling the flow tool through {@link FlowCalls} (the same handler the SDK server
 * runs), and writes the JSON-RPC response straight to bytes: no SDK request record, no Reactor
 * dispatch, no conversions between trees, maps and records, and the flow's response serialised
 * once. The answer is the one the SDK path gives. Everything else (initialize, tools/list,
 * resources, widget tools, unknown tools, params the SDK would refuse) is left to the SDK path.
 */
final class DirectToolCall {

    /** Calls a flow tool on JSON trees; null when the name is not a flow tool. */
    @FunctionalInterface
    interface FlowCalls {
        FlowToolResult call(String name, JsonNode arguments, JsonNode meta);
    }

    private final FlowCalls calls;

    DirectToolCall(FlowCalls calls) {
        this.calls = calls;
    }

    /** The response body for this request, or null when the SDK path must answer it. */
    byte[] answer(McpPost.Message message) {
        FlowToolResult result = null;
        if ("tools/call".equals(message.method())) {
            result = toolCall(message);
            if (result == null) {
                return null;
            }
        } else if (!"ping".equals(message.method())) {
            return null;
        }
        FlowToolResult answered = result;
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringProperty("jsonrpc", "2.0");
            if (message.id() instanceof Long number) {
                g.writeNumberProperty("id", number.longValue());
            } else {
                g.writeStringProperty("id", (String) message.id());
            }
            g.writeName("result");
            if (answered == null) {
                g.writeStartObject();
                g.writeEndObject();
            } else {
                answered.write(g);
            }
            g.writeEndObject();
        });
    }

    private FlowToolResult toolCall(McpPost.Message message) {
        JsonNode params = message.json().get("params");
        if (ParamsCheck.check(message.method(), params, message.id()) != null) {
            return null;
        }
        return calls.call(
                params.get("name").asString(), present(params.get("arguments")), present(params.get("_meta")));
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
