package dev.stepwise.mcp;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.json.Json;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Answers one flow tool: resolves the session id, runs the call on the engine and renders the
 * result. Never throws: whatever goes wrong (bad arguments, store failures, bugs) is an
 * {@code error} result in the flow contract.
 */
final class FlowToolHandler
        implements BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, McpSchema.CallToolResult> {

    private static final Logger LOG = LoggerFactory.getLogger(FlowToolHandler.class);

    private final Supplier<FlowEngine> engine;
    private final String flowId;
    private final CallObserver observer;

    FlowToolHandler(FlowEngine engine, String flowId, CallObserver observer) {
        this(() -> engine, flowId, observer);
    }

    FlowToolHandler(Supplier<FlowEngine> engine, String flowId, CallObserver observer) {
        this.engine = engine;
        this.flowId = flowId;
        this.observer = observer;
    }

    @Override
    public McpSchema.CallToolResult apply(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        return call(request, transportSession(exchange));
    }

    /** This handler for the SDK's stateless server: there is no transport session. */
    BiFunction<McpTransportContext, McpSchema.CallToolRequest, McpSchema.CallToolResult> stateless() {
        return (context, request) -> call(request, null);
    }

    private McpSchema.CallToolResult call(McpSchema.CallToolRequest request, String transportSession) {
        long started = System.nanoTime();
        JsonNode arguments = request.arguments() == null ? null : Json.mapper().valueToTree(request.arguments());
        SessionIds.Resolved session = SessionIds.resolve(request.meta(), arguments, transportSession);
        FlowResponse response = run(arguments, session, SessionIds.userId(request.meta()), started);
        return render(response, !session.fromMeta());
    }

    /**
     * The same call on the request's own JSON trees (no transport session), answered with the
     * {@code CallToolResult} the SDK path returns, without its conversions.
     */
    FlowToolResult callTree(JsonNode arguments, JsonNode meta) {
        long started = System.nanoTime();
        SessionIds.Resolved session = SessionIds.resolveTree(meta, arguments, null);
        FlowResponse response = run(arguments, session, SessionIds.userIdTree(meta), started);
        return new FlowToolResult(response, !session.fromMeta());
    }

    private FlowResponse run(JsonNode arguments, SessionIds.Resolved session, String userId, long started) {
        FlowResponse response;
        try {
            response = engine.get().call(flowId, arguments, session.id(), userId);
        } catch (RuntimeException e) {
            LOG.error("flow={} call failed unexpectedly", flowId, e);
            response = new FlowResponse.Failed(
                    new FlowResponse.Meta(flowId, null, session.id(), List.of()),
                    ErrorCode.INTERNAL,
                    "The server failed unexpectedly (" + e.getClass().getSimpleName()
                            + "); nothing was saved. Try again later.");
        }
        notify(response, action(arguments), Duration.ofNanos(System.nanoTime() - started));
        return response;
    }

    static McpSchema.CallToolResult render(FlowResponse response, boolean echoSessionId) {
        FlowToolResult result = new FlowToolResult(response, echoSessionId);
        return McpSchema.CallToolResult.builder()
                .addTextContent(result.structuredText())
                .structuredContent(ToolSchemas.toMap(result.structuredTree()))
                .isError(result.isError())
                .meta(Map.of("stepwise/flow", ToolSchemas.toMap(result.flowTree())))
                .build();
    }

    private static String transportSession(McpSyncServerExchange exchange) {
        try {
            return exchange == null ? null : exchange.sessionId();
        } catch (RuntimeException e) {
            LOG.debug("no transport session id available", e);
            return null;
        }
    }

    private static String action(JsonNode arguments) {
        JsonNode action = arguments == null ? null : arguments.get("action");
        if (action != null && action.isString()) {
            CallAction known = CallAction.fromWire(action.asString().trim().toLowerCase(Locale.ROOT));
            if (known != null) {
                return known.wireName();
            }
        }
        return "invalid";
    }

    private void notify(FlowResponse response, String action, Duration duration) {
        String code =
                response instanceof FlowResponse.Failed failed ? failed.code().name() : null;
        try {
            observer.onCall(
                    new CallEvent(flowId, response.meta().sessionId(), action, response.status(), code, duration));
        } catch (RuntimeException e) {
            LOG.warn("call observer failed", e);
        }
    }
}
