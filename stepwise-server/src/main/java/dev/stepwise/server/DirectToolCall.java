package dev.stepwise.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stateless endpoint's short path for the two requests a conversation sends most: {@code ping}
 * and {@code tools/call} of a flow tool. It answers them from the request tree {@link McpPost}
 * already parsed, calling the flow tool through {@link FlowCalls} (the same handler the SDK server
 * runs), and writes the JSON-RPC response bytes at once: no SDK request record, no Reactor
 * dispatch, no conversions between trees, maps and records. The answer is the one the SDK path
 * gives. Everything else (initialize, tools/list, resources, widget tools, unknown tools, params
 * the SDK would refuse) is left to the SDK path.
 */
final class DirectToolCall {

    /** Calls a flow tool on JSON trees; null when the name is not a flow tool. */
    @FunctionalInterface
    interface FlowCalls {
        ObjectNode call(String name, JsonNode arguments, JsonNode meta);
    }

    private final FlowCalls calls;
    private final McpJsonMapper writer;

    DirectToolCall(FlowCalls calls, McpJsonMapper writer) {
        this.calls = calls;
        this.writer = writer;
    }

    /** The response body for this request, or null when the SDK path must answer it. */
    byte[] answer(McpPost.Message message) throws IOException {
        ObjectNode result;
        if ("ping".equals(message.method())) {
            result = JsonNodeFactory.instance.objectNode();
        } else if ("tools/call".equals(message.method())) {
            result = toolCall(message);
        } else {
            return null;
        }
        if (result == null) {
            return null;
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        if (message.id() instanceof Long number) {
            response.put("id", number.longValue());
        } else {
            response.put("id", (String) message.id());
        }
        response.set("result", result);
        return writer.writeValueAsBytes(response);
    }

    private ObjectNode toolCall(McpPost.Message message) {
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
