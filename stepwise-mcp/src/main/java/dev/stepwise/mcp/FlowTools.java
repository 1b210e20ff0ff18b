package dev.stepwise.mcp;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Node;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP face of a {@link FlowEngine}: one tool per flow (name = flow id) with the input and
 * output schemas of docs/contract.md, plus one display tool and its {@code ui://} resources per widget a
 * flow declares.
 *
 * <p>Guarantees of every flow tool call: the result has {@code structuredContent} and the same JSON as
 * text; {@code isError} is true exactly for {@code status: "error"}; {@code _meta["stepwise/flow"]} lists
 * the nodes visited; the session id is resolved from the request {@code _meta}, then
 * {@code arguments.sessionId}, then the transport session, else generated, and echoed whenever it did
 * not come from {@code _meta}; arguments the engine cannot use, store failures and unexpected
 * exceptions are answered as {@code status: "error"} results, never as protocol errors.
 *
 * <p>Handlers are synchronous and do store I/O. Behind a blocking transport (one thread per request,
 * such as a servlet container's pool) they can run on the transport's thread
 * ({@code immediateExecution(true)}); behind an event-loop transport keep the SDK's default, which
 * runs them on its worker scheduler.
 *
 * <p>Both installs replace the SDK's JSON-schema validator with one that accepts everything: tool
 * inputs are validated by the engine (see {@link #install}), and the output of our own tools is
 * built to the published output schema (the module's tests check it), so validating it again on
 * every call would only cost time (hashing the schema, converting the result to a tree).
 *
 * <pre>{@code
 * FlowTools tools = FlowTools.builder(engine).build();
 * McpSyncServer server = tools.install(McpServer.sync(transport).serverInfo("stepwise", "1")).build();
 * McpStatelessSyncServer stateless =
 *     tools.install(McpServer.sync(statelessTransport).serverInfo("stepwise", "1")).build();
 * }</pre>
 */
public final class FlowTools {

    private final List<McpServerFeatures.SyncToolSpecification> tools;
    private final List<McpServerFeatures.SyncResourceSpecification> resources;
    private final List<McpStatelessServerFeatures.SyncToolSpecification> statelessTools;
    private final List<McpStatelessServerFeatures.SyncResourceSpecification> statelessResources;
    private final Map<String, FlowToolHandler> flowHandlers;

    private FlowTools(Builder b) {
        List<McpServerFeatures.SyncToolSpecification> toolList = new ArrayList<>();
        List<McpStatelessServerFeatures.SyncToolSpecification> statelessToolList = new ArrayList<>();
        Map<String, String> widgetTitles = new LinkedHashMap<>();
        Map<String, FlowToolHandler> handlers = new HashMap<>();
        for (Flow flow : b.engine.flows()) {
            McpSchema.Tool tool = flowTool(flow);
            FlowToolHandler handler = new FlowToolHandler(b.calls, flow.id(), b.observer);
            handlers.put(flow.id(), handler);
            toolList.add(McpServerFeatures.SyncToolSpecification.builder()
                    .tool(tool)
                    .callHandler(handler)
                    .build());
            statelessToolList.add(McpStatelessServerFeatures.SyncToolSpecification.builder()
                    .tool(tool)
                    .callHandler(handler.stateless())
                    .build());
            for (Node node : flow.nodes()) {
                if (node instanceof Node.WidgetNode widget) {
                    widgetTitles.putIfAbsent(
                            widget.tool(), widget.description() != null ? widget.description() : widget.tool());
                }
            }
        }
        List<McpServerFeatures.SyncResourceSpecification> resourceList = new ArrayList<>();
        List<McpStatelessServerFeatures.SyncResourceSpecification> statelessResourceList = new ArrayList<>();
        for (Map.Entry<String, String> entry : widgetTitles.entrySet()) {
            String name = entry.getKey();
            if (b.engine.flow(name).isPresent()) {
                throw new IllegalArgumentException("widget tool '" + name + "' has the name of a flow; rename one");
            }
            String html = b.widgetHtml.apply(name);
            WidgetTool widget =
                    new WidgetTool(name, entry.getValue(), html != null ? html : WidgetTool.genericHtml(name));
            toolList.add(widget.tool());
            resourceList.addAll(widget.resources());
            statelessToolList.add(widget.statelessTool());
            statelessResourceList.addAll(widget.statelessResources());
        }
        this.tools = List.copyOf(toolList);
        this.resources = List.copyOf(resourceList);
        this.statelessTools = List.copyOf(statelessToolList);
        this.statelessResources = List.copyOf(statelessResourceList);
        this.flowHandlers = Map.copyOf(handlers);
    }

    public static Builder builder(FlowEngine engine) {
        return new Builder(engine);
    }

    /** The flow tools followed by the widget display tools. */
    public List<McpServerFeatures.SyncToolSpecification> tools() {
        return tools;
    }

    /** The {@code ui://} resources of the widget display tools (two per widget). */
    public List<McpServerFeatures.SyncResourceSpecification> resources() {
        return resources;
    }

    /** {@link #tools()} for the SDK's stateless server (no transport session, see {@link #install(McpServer.StatelessSyncSpecification)}). */
    public List<McpStatelessServerFeatures.SyncToolSpecification> statelessTools() {
        return statelessTools;
    }

    /** {@link #resources()} for the SDK's stateless server. */
    public List<McpStatelessServerFeatures.SyncResourceSpecification> statelessResources() {
        return statelessResources;
    }

    /**
     * Calls a flow tool on the request's own JSON trees, for a stateless transport that parses
     * requests itself: the same call as a {@code tools/call} through {@link #statelessTools()}
     * (session id from {@code _meta}, then {@code arguments.sessionId}, else generated; user id from
     * {@code _meta}; the same observer event), answered with the same {@code CallToolResult}, ready
     * to be written as JSON ({@link FlowToolResult#write}) without the SDK's conversions between
     * trees, maps and records. Never throws for a flow tool: failures are {@code status: "error"}
     * results.
     *
     * @param name      the tool's name
     * @param arguments the call's {@code arguments} object, or null
     * @param meta      the call's {@code _meta} object, or null
     * @return the result, or null when {@code name} is not a flow tool of this set (a widget display
     *     tool or an unknown name: leave those to the SDK server)
     */
    public FlowToolResult callFlowTool(String name, JsonNode arguments, JsonNode meta) {
        FlowToolHandler handler = flowHandlers.get(name);
        return handler == null ? null : handler.callTree(arguments, meta);
    }

    /**
     * The schema validator {@link #install} puts on a server: it accepts every value (tool inputs are
     * the engine's to check, and our tool results are built to their output schema). For servers
     * someone else builds, such as Spring AI's.
     */
    public static JsonSchemaValidator schemaValidator() {
        return AcceptingSchemaValidator.INSTANCE;
    }

    /**
     * Adds the tools and resources to a server specification and turns off the SDK's own tool input
     * validation, so that wrongly typed arguments reach the engine, which coerces them or answers in
     * the flow contract ({@code INVALID_INPUT}, or a re-ask with {@code ERROR:} context).
     */
    public <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> install(
            McpServer.SyncSpecification<S> spec) {
        spec.validateToolInputs(false)
                .jsonSchemaValidator(AcceptingSchemaValidator.INSTANCE)
                .capabilities(capabilities())
                .tools(tools);
        if (!resources.isEmpty()) {
            spec.resources(resources);
        }
        return spec;
    }

    /**
     * The same as {@link #install(McpServer.SyncSpecification)} for the SDK's stateless server: the
     * flow tools get no transport session, so the session id comes from {@code _meta}, then
     * {@code arguments.sessionId}, else a new one (echoed).
     */
    public McpServer.StatelessSyncSpecification install(McpServer.StatelessSyncSpecification spec) {
        spec.validateToolInputs(false)
                .jsonSchemaValidator(AcceptingSchemaValidator.INSTANCE)
                .capabilities(capabilities())
                .tools(statelessTools);
        if (!statelessResources.isEmpty()) {
            spec.resources(statelessResources);
        }
        return spec;
    }

    private static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder()
                .tools(false)
                .resources(false, false)
                .build();
    }

    /** The published description of a flow's tool: the flow's description and the protocol note. */
    public static String description(Flow flow) {
        return ToolDescriptions.of(flow);
    }

    /** The published input schema of a flow's tool. */
    public static Map<String, Object> inputSchema(Flow flow) {
        return ToolSchemas.toMap(ToolSchemas.input(flow));
    }

    /** The published output schema shared by every flow tool. */
    public static Map<String, Object> outputSchema() {
        return ToolSchemas.toMap(ToolSchemas.output());
    }

    private static McpSchema.Tool flowTool(Flow flow) {
        return McpSchema.Tool.builder()
                .name(flow.id())
                .title(flow.title() != null ? flow.title() : flow.id())
                .description(ToolDescriptions.of(flow))
                .inputSchema(inputSchema(flow))
                .outputSchema(outputSchema())
                .annotations(annotations(flow.annotations()))
                .build();
    }

    private static McpSchema.ToolAnnotations annotations(ObjectNode node) {
        if (node == null || node.isEmpty()) {
            return null;
        }
        return new McpSchema.ToolAnnotations(
                text(node.get("title")),
                bool(node.get("readOnlyHint")),
                bool(node.get("destructiveHint")),
                bool(node.get("idempotentHint")),
                bool(node.get("openWorldHint")),
                bool(node.get("returnDirect")));
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private static Boolean bool(JsonNode node) {
        return node != null && node.isBoolean() ? node.booleanValue() : null;
    }

    /** Configures {@link FlowTools}. */
    public static final class Builder {
        private final FlowEngine engine;
        private Supplier<FlowEngine> calls;
        private CallObserver observer = CallObserver.NONE;
        private Function<String, String> widgetHtml = tool -> null;

        private Builder(FlowEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.calls = () -> engine;
        }

        /**
         * Where calls run, asked at each call; default the builder's engine, which still decides the
         * tools and their definitions. A server that swaps engines (flows reloaded with new
         * versions) passes its current one, so tool handlers never change while the flows do.
         */
        public Builder calls(Supplier<FlowEngine> value) {
            this.calls = Objects.requireNonNull(value, "calls");
            return this;
        }

        /** Told about every flow call (for logging); default none. */
        public Builder observer(CallObserver value) {
            this.observer = Objects.requireNonNull(value, "observer");
            return this;
        }

        /**
         * The HTML template of a widget tool by name, or null for a generic template that shows the
         * widget's data.
         */
        public Builder widgetHtml(Function<String, String> value) {
            this.widgetHtml = Objects.requireNonNull(value, "widgetHtml");
            return this;
        }

        public FlowTools build() {
            return new FlowTools(this);
        }
    }
}
