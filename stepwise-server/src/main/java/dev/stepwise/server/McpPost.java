package dev.stepwise.server;

import dev.stepwise.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and checks one POST to the MCP endpoint before any MCP code sees it: headers (Accept,
 * Content-Type, Mcp-Protocol-Version), body size, JSON syntax and depth, and the JSON-RPC envelope.
 * Whatever is wrong becomes a {@link JsonRpcError} with the code JSON-RPC and the status the MCP
 * Streamable HTTP transport ask for:
 *
 * <ul>
 *   <li>not JSON, or nested deeper than the limit: 400, -32700;
 *   <li>not a JSON-RPC 2.0 request/notification object (batch, bad {@code jsonrpc}, no method, an id
 *       that is not a string or an integer): 400, -32600;
 *   <li>params that are not an object: 200 with -32602 for the request's id (an answer to a request);
 *   <li>an Accept that does not admit JSON (and, for streams, event streams): 406, -32600;
 *   <li>a Content-Type other than JSON: 415, -32600; an unsupported Mcp-Protocol-Version: 400, -32600;
 *   <li>a body over the limit: 413, -32600.
 * </ul>
 */
final class McpPost {

    /** The protocol versions the server speaks (those of the SDK's transports). */
    static final List<String> PROTOCOL_VERSIONS = List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

    /** The outcome of reading a POST. */
    sealed interface Read permits Message, Refused {}

    /**
     * A well-formed JSON-RPC message.
     *
     * @param json   the message object
     * @param body   the raw body (for transports that parse it themselves)
     * @param id     the request id (String or Long), or null for a notification or response
     * @param method the method, or null for a response (client answers to server requests)
     */
    record Message(ObjectNode json, byte[] body, Object id, String method) implements Read {
        boolean isRequest() {
            return method != null && id != null;
        }
    }

    /** A request refused with this error. */
    /**
     * A request answered with an error before it reached the MCP server.
     *
     * @param error           the answer
     * @param bodyLeftUnread  whether some of the body was never read: the connection then closes
     *                        (and the response says so), so a pooling client does not send its next
     *                        request down a socket holding the rest of this one
     */
    record Refused(JsonRpcError error, boolean bodyLeftUnread) implements Read {
        Refused(JsonRpcError error) {
            this(error, false);
        }

        void write(HttpServletResponse response) throws IOException {
            if (bodyLeftUnread && !response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
            error.write(response);
        }
    }

    /** How many times the body limit a refused request may send before its connection is cut. */
    private static final int DRAIN_FACTOR = 4;

    /** How many Accept values to remember as admitted: a client sends the same one on every request. */
    private static final int REMEMBERED_ACCEPT_VALUES = 64;

    private final Set<String> acceptedValues = ConcurrentHashMap.newKeySet();
    private final JsonMapper parser;
    private final int maxBytes;
    private final long bodyTimeoutNanos;
    private final boolean requireEventStream;

    /**
     * @param limits             body size and JSON depth
     * @param requireEventStream whether Accept must admit text/event-stream too (the stateful
     *                           transport may answer with a stream)
     */
    McpPost(ServingLimits limits, boolean requireEventStream) {
        this.maxBytes = limits.maxRequestBytes();
        this.bodyTimeoutNanos = limits.bodyTimeout().toNanos();
        this.requireEventStream = requireEventStream;
        this.parser = JsonMapper.builder(JsonFactory.builder()
                        // buffers kept per request thread, as the core mapper keeps them
                        .recyclerPool(JsonRecyclerPools.threadLocalPool())
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(limits.maxJsonDepth())
                                .maxNumberLength(1000)
                                .build())
                        .build())
                // the core's compact object nodes: a call's arguments are copied into the engine's
                .nodeFactory(Json.nodes())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    Read read(HttpServletRequest request) throws IOException {
        JsonRpcError header = checkHeaders(request);
        if (header != null) {
            return refuse(header, request.getInputStream(), request.getContentLengthLong());
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            return refuse(tooLarge(), request.getInputStream(), declared);
        }
        byte[] body;
        try {
            body = readBody(request.getInputStream(), declared);
        } catch (BodyTimeout e) {
            return new Refused(
                    new JsonRpcError(
                            HttpServletResponse.SC_REQUEST_TIMEOUT,
                            JsonRpcError.INVALID_REQUEST,
                            "Request timeout: the body did not arrive within " + bodyTimeoutNanos / 1_000_000_000L
                                    + " s",
                            null),
                    true);
        }
        if (body == null) {
            return refuse(tooLarge(), request.getInputStream(), -1);
        }
        JsonNode tree;
        try {
            tree = parser.readTree(body);
        } catch (StreamConstraintsException e) {
            return new Refused(JsonRpcError.badRequest(
                    JsonRpcError.PARSE_ERROR,
                    "Parse error: the JSON is nested too deeply or has an oversized token",
                    null));
        } catch (JacksonException e) {
            return new Refused(JsonRpcError.badRequest(
                    JsonRpcError.PARSE_ERROR, "Parse error: the body is not valid JSON" + where(e), null));
        }
        if (tree == null || tree.isMissingNode()) {
            return new Refused(
                    JsonRpcError.badRequest(JsonRpcError.PARSE_ERROR, "Parse error: the body is empty", null));
        }
        return envelope(tree, body);
    }

    private JsonRpcError checkHeaders(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (!acceptable(accept)) {
            return new JsonRpcError(
                    HttpServletResponse.SC_NOT_ACCEPTABLE,
                    JsonRpcError.INVALID_REQUEST,
                    "Not acceptable: send Accept: application/json, text/event-stream",
                    null);
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return new JsonRpcError(
                    HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    JsonRpcError.INVALID_REQUEST,
                    "Unsupported media type: send Content-Type: application/json",
                    null);
        }
        String version = request.getHeader("Mcp-Protocol-Version");
        if (version != null && !PROTOCOL_VERSIONS.contains(version.trim())) {
            return JsonRpcError.badRequest(
                    JsonRpcError.INVALID_REQUEST,
                    "Unsupported Mcp-Protocol-Version: this server speaks " + String.join(", ", PROTOCOL_VERSIONS),
                    null);
        }
        return null;
    }

    /** Whether an Accept header admits what this endpoint answers with; remembers values it admitted. */
    private boolean acceptable(String accept) {
        if (accept != null && acceptedValues.contains(accept)) {
            return true;
        }
        boolean acceptable =
                accepts(accept, "application/json") && (!requireEventStream || accepts(accept, "text/event-stream"));
        if (acceptable && acceptedValues.size() < REMEMBERED_ACCEPT_VALUES) {
            acceptedValues.add(accept);
        }
        return acceptable;
    }

    /** Whether an Accept header admits a media type (exactly, by its type wildcard, or by *&#47;*). */
    static boolean accepts(String accept, String mediaType) {
        if (accept == null) {
            return false;
        }
        String wildcard = mediaType.substring(0, mediaType.indexOf('/')) + "/*";
        for (String part : accept.split(",")) {
            int semicolon = part.indexOf(';');
            String range = (semicolon >= 0 ? part.substring(0, semicolon) : part)
                    .trim()
                    .toLowerCase(Locale.ROOT);
            if (range.equals(mediaType) || range.equals(wildcard) || range.equals("*/*")) {
                return true;
            }
        }
        return false;
    }

    private Read envelope(JsonNode tree, byte[] body) {
        if (tree.isArray()) {
            return invalid("Invalid request: JSON-RPC batches are not supported; send one message per request", null);
        }
        if (!(tree instanceof ObjectNode json)) {
            return invalid("Invalid request: the body must be a JSON-RPC 2.0 object", null);
        }
        JsonNode idNode = json.get("id");
        Object id = null;
        if (idNode != null) {
            if (idNode.isString()) {
                id = idNode.asString();
            } else if (idNode.isIntegralNumber() && idNode.canConvertToLong()) {
                id = idNode.longValue();
            } else {
                return invalid("Invalid request: id must be a string or an integer", null);
            }
        }
        if (!"2.0".equals(textOrNull(json.get("jsonrpc")))) {
            return invalid("Invalid request: jsonrpc must be \"2.0\"", id);
        }
        JsonNode methodNode = json.get("method");
        String method = null;
        if (methodNode != null) {
            if (!methodNode.isString() || methodNode.asString().isEmpty()) {
                return invalid("Invalid request: method must be a non-empty string", id);
            }
            method = methodNode.asString();
        } else if (id == null || !(json.has("result") || json.has("error"))) {
            return invalid("Invalid request: a request needs a method", id);
        }
        JsonNode params = json.get("params");
        if (method != null && params != null && !params.isObject()) {
            if (id == null) {
                return invalid("Invalid request: params must be an object", null);
            }
            return new Refused(new JsonRpcError(
                    HttpServletResponse.SC_OK, JsonRpcError.INVALID_PARAMS, "Invalid params: must be an object", id));
        }
        return new Message(json, body, id, method);
    }

    private static Read invalid(String message, Object id) {
        return new Refused(JsonRpcError.badRequest(JsonRpcError.INVALID_REQUEST, message, id));
    }

    private JsonRpcError tooLarge() {
        return new JsonRpcError(
                HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                JsonRpcError.INVALID_REQUEST,
                "Request too large: the limit is " + maxBytes + " bytes",
                null);
    }

    /** The body took longer than the body timeout. */
    private static final class BodyTimeout extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTimeout() {
            super("request body timeout", null);
        }
    }

    /**
     * The body, or null when it exceeds the limit (reading stops there).
     *
     * @throws BodyTimeout when it is still incomplete after the body timeout (checked as bytes
     *                     arrive; a client sending nothing at all is cut by the idle timeout)
     */
    private byte[] readBody(InputStream in, long declared) throws IOException {
        long started = System.nanoTime();
        byte[] buffer = new byte[declared >= 0 ? (int) declared : Math.min(maxBytes + 1, 8192)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > maxBytes) {
                    return null;
                }
                if (declared >= 0) {
                    // more than declared would be a framing error; the container enforces it
                    int extra = in.read();
                    if (extra < 0) {
                        return buffer;
                    }
                    return null;
                }
                buffer = Arrays.copyOf(buffer, Math.min(maxBytes + 1, buffer.length * 2));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n >= 0 && System.nanoTime() - started > bodyTimeoutNanos && (declared < 0 || length + n < declared)) {
                throw new BodyTimeout();
            }
            if (n < 0) {
                return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
            }
            length += n;
        }
    }

    /**
     * Refuses a request whose body is still (partly) unread. A body up to {@link #DRAIN_FACTOR}
     * times the limit is read and dropped first, so the client, still sending, reads the answer
     * instead of a connection reset and may keep the connection; a larger one closes it.
     */
    private Refused refuse(JsonRpcError error, InputStream in, long declared) throws IOException {
        long budget = (long) DRAIN_FACTOR * maxBytes;
        if (declared > budget) {
            return new Refused(error, true);
        }
        long started = System.nanoTime();
        byte[] sink = new byte[8192];
        long drained = 0;
        while (drained <= budget && System.nanoTime() - started <= bodyTimeoutNanos) {
            int n = in.read(sink);
            if (n < 0) {
                return new Refused(error, false);
            }
            drained += n;
        }
        return new Refused(error, true);
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private static String where(JacksonException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
