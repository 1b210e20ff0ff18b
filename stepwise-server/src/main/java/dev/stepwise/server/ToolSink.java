package dev.stepwise.server;

import dev.stepwise.mcp.FlowTools;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.Map;

/**
 * A running MCP server whose tool definitions follow reloaded flows. Only tools whose definition
 * changed (or that are new) are replaced: handlers look the engine up at each call, so an
 * unchanged tool is never touched, and a tool of a removed flow stays (its sessions may finish).
 */
interface ToolSink {

    /** Publishes the tools of {@code next} that differ from those of {@code previous}. */
    void publish(FlowTools previous, FlowTools next);

    static ToolSink of(McpSyncServer server) {
        return (previous, next) -> {
            Map<String, McpSchema.Tool> before = new HashMap<>();
            previous.tools().forEach(t -> before.put(t.tool().name(), t.tool()));
            for (McpServerFeatures.SyncToolSpecification tool : next.tools()) {
                if (!tool.tool().equals(before.get(tool.tool().name()))) {
                    server.addTool(tool);
                }
            }
        };
    }

    static ToolSink of(McpStatelessSyncServer server) {
        return (previous, next) -> {
            Map<String, McpSchema.Tool> before = new HashMap<>();
            previous.statelessTools().forEach(t -> before.put(t.tool().name(), t.tool()));
            for (McpStatelessServerFeatures.SyncToolSpecification tool : next.statelessTools()) {
                if (!tool.tool().equals(before.get(tool.tool().name()))) {
                    server.addTool(tool);
                }
            }
        };
    }
}
