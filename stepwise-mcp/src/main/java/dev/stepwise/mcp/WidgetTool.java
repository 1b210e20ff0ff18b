package dev.stepwise.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A display tool named by widget nodes, with its HTML template published twice as a {@code ui://}
 * resource: for MCP Apps ({@code text/html;profile=mcp-app}, linked from {@code _meta.ui.resourceUri})
 * and for the OpenAI Apps SDK ({@code text/html+skybridge}, linked from
 * {@code _meta["openai/outputTemplate"]}).
 */
final class WidgetTool {

    static final String MCP_APP_MIME = "text/html;profile=mcp-app";
    static final String SKYBRIDGE_MIME = "text/html+skybridge";

    private final String name;
    private final String description;
    private final String html;

    WidgetTool(String name, String description, String html) {
        this.name = name;
        this.description = description;
        this.html = html;
    }

    String appUri() {
        return "ui://stepwise/" + name + ".html";
    }

    String skybridgeUri() {
        return "ui://stepwise/" + name + ".skybridge.html";
    }

    McpServerFeatures.SyncToolSpecification tool() {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(descriptor())
                .callHandler((exchange, request) -> display(request))
                .build();
    }

    McpStatelessServerFeatures.SyncToolSpecification statelessTool() {
        return McpStatelessServerFeatures.SyncToolSpecification.builder()
                .tool(descriptor())
                .callHandler((context, request) -> display(request))
                .build();
    }

    private McpSchema.CallToolResult display(McpSchema.CallToolRequest request) {
        Map<String, Object> data = request.arguments() == null ? Map.of() : request.arguments();
        return McpSchema.CallToolResult.builder()
                .addTextContent("Showing " + name + ". Wait for the user's choice, then continue the flow.")
                .structuredContent(data)
                .isError(false)
                .meta(meta())
                .build();
    }

    private Map<String, Object> meta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("ui", Map.of("resourceUri", appUri()));
        meta.put("openai/outputTemplate", skybridgeUri());
        meta.put("openai/widgetAccessible", true);
        return meta;
    }

    private McpSchema.Tool descriptor() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("type", "object");
        input.put("description", "The data of the flow's widget response, unchanged");
        input.put("additionalProperties", true);
        return McpSchema.Tool.builder()
                .name(name)
                .title(description)
                .description("Displays the " + name + " widget. Call it only when a flow result has status \"widget\""
                        + " naming this tool, with that result's data as the arguments; then continue the flow with"
                        + " the user's choice.")
                .inputSchema(input)
                .outputSchema(Map.of("type", "object", "additionalProperties", true))
                .annotations(new McpSchema.ToolAnnotations(description, true, false, true, false, null))
                .meta(meta())
                .build();
    }

    List<McpServerFeatures.SyncResourceSpecification> resources() {
        return List.of(resource(appUri(), MCP_APP_MIME), resource(skybridgeUri(), SKYBRIDGE_MIME));
    }

    List<McpStatelessServerFeatures.SyncResourceSpecification> statelessResources() {
        return List.of(statelessResource(appUri(), MCP_APP_MIME), statelessResource(skybridgeUri(), SKYBRIDGE_MIME));
    }

    private McpStatelessServerFeatures.SyncResourceSpecification statelessResource(String uri, String mime) {
        return new McpStatelessServerFeatures.SyncResourceSpecification(
                descriptor(uri, mime), (context, request) -> read(uri, mime));
    }

    private McpServerFeatures.SyncResourceSpecification resource(String uri, String mime) {
        return new McpServerFeatures.SyncResourceSpecification(
                descriptor(uri, mime), (exchange, request) -> read(uri, mime));
    }

    private McpSchema.ReadResourceResult read(String uri, String mime) {
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, mime, html)));
    }

    private McpSchema.Resource descriptor(String uri, String mime) {
        return McpSchema.Resource.builder()
                .uri(uri)
                .name(name)
                .title(description)
                .description("HTML template of the " + name + " widget")
                .mimeType(mime)
                .build();
    }

    /**
     * A template that shows the widget's data as formatted JSON, for widgets without their own HTML
     * ({@code name} is a tool name: letters, digits, '_' and '-', so it needs no escaping).
     */
    static String genericHtml(String name) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <style>body{font-family:system-ui,sans-serif;margin:0;padding:12px}pre{white-space:pre-wrap}</style>
                </head><body><pre id="data">Waiting for data…</pre>
                <script>
                function show(d){document.getElementById('data').textContent=JSON.stringify(d,null,2);}
                if(window.openai&&window.openai.toolOutput){show(window.openai.toolOutput);}
                window.addEventListener('openai:set_globals',function(){if(window.openai.toolOutput){show(window.openai.toolOutput);}});
                window.addEventListener('message',function(e){var m=e.data;if(m&&m.method==='ui/notifications/tool-result'&&m.params){show(m.params.structuredContent);}});
                </script></body></html>
                """.formatted(name);
    }
}
