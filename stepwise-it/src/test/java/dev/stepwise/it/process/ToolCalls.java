package dev.stepwise.it.process;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** Calls a flow tool over MCP and reads the contract fields of its answer. */
public final class ToolCalls {

    private ToolCalls() {}

    /** The structured content of a flow tool call. */
    public static Map<String, Object> call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        @SuppressWarnings("unchecked")
        Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
        if (structured == null) {
            throw new AssertionError("no structuredContent in " + result);
        }
        return structured;
    }

    public static String status(Map<String, Object> structured) {
        return String.valueOf(structured.get("status"));
    }

    /** The error code, or null when the call did not fail. */
    public static String code(Map<String, Object> structured) {
        Object code = structured.get("code");
        return code == null ? null : code.toString();
    }
}
