package dev.stepwise.server;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error responses (oversized headers, malformed HTTP, too-slow bodies, unknown paths) as
 * JSON-RPC error objects naming only the HTTP reason: no HTML page, server version or stack.
 */
final class JsonErrorPages extends ErrorHandler {

    JsonErrorPages() {
        setShowStacks(false);
        setShowOrigin(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        write(response, code, callback);
    }

    @Override
    protected boolean generateAcceptableResponse(
            Request request,
            Response response,
            Callback callback,
            String contentType,
            List<Charset> charsets,
            int code,
            String message,
            Throwable cause) {
        write(response, code, callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(error(status).body());
    }

    private static void write(Response response, int code, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(error(code).body()), callback);
    }

    private static JsonRpcError error(int status) {
        int code = status >= 500 ? JsonRpcError.INTERNAL_ERROR : JsonRpcError.INVALID_REQUEST;
        String reason = HttpStatus.getMessage(status);
        return new JsonRpcError(status, code, reason == null ? "HTTP " + status : reason, null);
    }
}
