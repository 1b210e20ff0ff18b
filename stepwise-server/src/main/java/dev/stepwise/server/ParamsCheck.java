package dev.stepwise.server;

import tools.jackson.databind.JsonNode;

/**
 * Checks the params of the methods whose shape the SDK assumes without checking (it would fail with
 * an internal error naming Java classes): {@code tools/call} needs a string {@code name} and, when
 * present, object {@code arguments} and {@code _meta}.
 */
final class ParamsCheck {

    private ParamsCheck() {}

    /** An invalid-params error for this request, or null when its params are usable. */
    static JsonRpcError check(String method, JsonNode params, Object id) {
        if (!"tools/call".equals(method)) {
            return null;
        }
        if (params == null || !params.path("name").isString()) {
            return invalidParams("Invalid params: tools/call needs params.name, the tool's name", id);
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return invalidParams("Invalid params: tools/call arguments must be an object", id);
        }
        JsonNode meta = params.get("_meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            return invalidParams("Invalid params: _meta must be an object", id);
        }
        return null;
    }

    private static JsonRpcError invalidParams(String message, Object id) {
        return new JsonRpcError(200, JsonRpcError.INVALID_PARAMS, message, id);
    }
}
