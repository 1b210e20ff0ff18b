package dev.stepwise.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The default MCP endpoint: the SDK's stateless server transport, served here so every refusal is a
 * JSON-RPC error object (see {@link McpPost}). Each POST is answered on its own, with one
 * {@code application/json} body and a Content-Length (no SSE stream, no session), so any instance
 * behind a load balancer can answer any request. Handlers run on the container's thread (the SDK
 * server is built with immediate execution), so a call costs no thread hand-off.
 *
 * <p>GET (server-to-client streams) and DELETE (session end) are answered 405: there are no
 * sessions; use {@code --mcp-sessions} for hosts that need server-initiated messages.
 */
final class StatelessMcpServlet extends HttpServlet implements McpStatelessServerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(StatelessMcpServlet.class);
    private static final long serialVersionUID = 1L;

    private final transient McpPost reader;
    private final transient McpJsonMapper mapper;
    private transient volatile McpStatelessServerHandler handler;
    private final transient Predicate<String> servedTools;
    private final transient DirectToolCall direct;

    StatelessMcpServlet(McpPost reader, McpJsonMapper mapper) {
        this(reader, mapper, tool -> false, null);
    }

    /**
     * @param servedTools whether a tool name is served (flows are never withdrawn while serving)
     * @param flowCalls   flow tool calls for the short path of {@code ping} and flow
     *                    {@code tools/call} ({@link DirectToolCall}), or null to send every request
     *                    through the SDK server
     */
    StatelessMcpServlet(
            McpPost reader, McpJsonMapper mapper, Predicate<String> servedTools, DirectToolCall.FlowCalls flowCalls) {
        this.servedTools = servedTools;
        this.reader = reader;
        this.mapper = mapper;
        this.direct = flowCalls == null ? null : new DirectToolCall(flowCalls);
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty(); // nothing is held between requests; shutdown drains in-flight POSTs
    }

    @Override
    public List<String> protocolVersions() {
        return McpPost.PROTOCOL_VERSIONS;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        notAllowed(response);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        notAllowed(response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        McpPost.Read read = reader.read(request);
        if (read instanceof McpPost.Refused refused) {
            refused.write(response);
            return;
        }
        McpPost.Message message = (McpPost.Message) read;
        if (message.method() == null) {
            // a client's answer to a server request: a stateless server sends none
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        if (message.id() == null) {
            handleNotification(message);
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        byte[] body = answer(message);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The response body for a request (not a notification): by the short path if it takes it. */
    byte[] answer(McpPost.Message message) throws IOException {
        byte[] body = direct == null ? null : direct.answer(message);
        return body != null ? body : mapper.writeValueAsBytes(handle(message));
    }

    /**
     * Whether a tools/call found no tool although the tool is served: the SDK replaces a tool (a
     * reloaded flow's new definition) by removing it and adding it again, and a call can fall in
     * between. Nothing ran, so the call is dispatched again.
     */
    private boolean replacedMeanwhile(McpPost.Message message, McpSchema.JSONRPCResponse answer) {
        if (answer == null
                || answer.error() == null
                || !"tools/call".equals(message.method())
                || answer.error().message() == null
                || !answer.error().message().startsWith("Unknown tool")) {
            return false;
        }
        JsonNode name = message.json().path("params").path("name");
        return name.isString() && servedTools.test(name.asString());
    }

    private static void pauseFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a reloaded tool was being republished", e);
        }
    }

    private McpSchema.JSONRPCResponse dispatch(McpSchema.JSONRPCRequest request, McpPost.Message message) {
        try {
            return handler.handleRequest(McpTransportContext.EMPTY, request).block();
        } catch (McpError e) {
            return e.getJsonRpcError() == null
                    ? null
                    : McpSchema.JSONRPCResponse.error(message.id(), e.getJsonRpcError());
        }
    }

    private McpSchema.JSONRPCResponse handle(McpPost.Message message) {
        JsonNode params = message.json().get("params");
        McpSchema.JSONRPCRequest request =
                new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, message.method(), message.id(), params);
        JsonRpcError invalid = ParamsCheck.check(message.method(), params, message.id());
        if (invalid != null) {
            return error(message.id(), invalid.code(), invalid.message());
        }
        McpSchema.JSONRPCResponse answer;
        try {
            answer = dispatch(request, message);
            // the reloading thread may be descheduled between the SDK's remove and add: wait for
            // the add, a little longer each time, for up to about a second in all
            for (long pause = 1, waited = 0;
                    replacedMeanwhile(message, answer) && waited < 1000;
                    waited += pause, pause *= 2) {
                pauseFor(pause);
                answer = dispatch(request, message);
            }
        } catch (RuntimeException e) {
            // the SDK converts params with the JSON mapper before its handler runs: a value of the
            // wrong shape fails there
            LOG.debug("method={} refused its params: {}", message.method(), e.toString());
            return error(
                    message.id(),
                    JsonRpcError.INVALID_PARAMS,
                    "Invalid params for " + message.method() + ": see the MCP schema for this method");
        }
        if (answer == null) {
            return error(message.id(), JsonRpcError.INTERNAL_ERROR, "Internal error: no answer; see the server log");
        }
        if (answer.error() != null && answer.error().code() == JsonRpcError.INTERNAL_ERROR) {
            // the SDK puts exception messages here; they are for the log, not for clients
            LOG.warn("method={} failed: {}", message.method(), answer.error().message());
            return error(message.id(), JsonRpcError.INTERNAL_ERROR, "Internal error; see the server log");
        }
        return answer;
    }

    private void handleNotification(McpPost.Message message) {
        McpSchema.JSONRPCNotification notification = new McpSchema.JSONRPCNotification(
                McpSchema.JSONRPC_VERSION, message.method(), message.json().get("params"));
        try {
            handler.handleNotification(McpTransportContext.EMPTY, notification).block();
        } catch (RuntimeException e) {
            LOG.debug("notification {} failed: {}", message.method(), e.toString());
        }
    }

    private static McpSchema.JSONRPCResponse error(Object id, int code, String message) {
        return McpSchema.JSONRPCResponse.error(id, new McpSchema.JSONRPCResponse.JSONRPCError(code, message, null));
    }

    private static void notAllowed(HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        new JsonRpcError(
                        HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                        JsonRpcError.INVALID_REQUEST,
                        "Method not allowed: this server is stateless (POST only); start it with --mcp-sessions"
                                + " for server-to-client streams",
                        null)
                .write(response);
    }
}
