package dev.stepwise.server;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A refusal of an HTTP request to the MCP endpoint, written as a JSON-RPC error object
 * ({@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}}) with an HTTP status. The one place
 * error bodies are written, so no path answers with an exception, a class name or an HTML page.
 *
 * @param status  the HTTP status
 * @param code    the JSON-RPC error code
 * @param message what went wrong and what to do about it; never internals
 * @param id      the request id to echo (a String or Long), or null when it is unknown or invalid
 */
record JsonRpcError(int status, int code, String message, Object id) {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** Implementation-defined server error: overloaded or shutting down; retry later. */
    static final int UNAVAILABLE = -32000;

    static JsonRpcError badRequest(int code, String message, Object id) {
        return new JsonRpcError(HttpServletResponse.SC_BAD_REQUEST, code, message, id);
    }

    /** The JSON body. */
    byte[] body() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("jsonrpc", "2.0");
        if (id instanceof Long number) {
            root.put("id", number);
        } else if (id instanceof String text) {
            root.put("id", text);
        } else {
            root.putNull("id");
        }
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the status and body (unless the response is already committed). */
    void write(HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", "1");
        }
        byte[] body = body();
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
