package dev.stepwise.mcp;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Resolves a call's session id in the order docs/contract.md fixes, and the host-supplied user id. */
final class SessionIds {

    /** Request {@code _meta} keys that carry a host's session or conversation id, in precedence order. */
    static final List<String> META_KEYS = List.of(
            "waniwani/sessionId",
            "openai/sessionId",
            "openai/session",
            "sessionId",
            "conversationId",
            "mcp-session-id",
            "stepwise/sessionId");

    /**
     * Request {@code _meta} keys that carry the user id the host authenticated, in precedence order.
     * Only the host writes {@code _meta}; a model controls tool arguments, never these.
     */
    static final List<String> USER_META_KEYS = List.of("stepwise/userId", "openai/userId", "userId");

    /**
     * @param id       the session id, or null when none was given (the engine generates one on start)
     * @param fromMeta whether it came from the request's {@code _meta} (then it is not echoed)
     */
    record Resolved(String id, boolean fromMeta) {}

    private SessionIds() {}

    static Resolved resolve(Map<String, Object> meta, JsonNode arguments, String transportSessionId) {
        if (meta != null) {
            for (String key : META_KEYS) {
                String value = text(meta.get(key));
                if (value != null) {
                    return new Resolved(value, true);
                }
            }
        }
        if (arguments != null && arguments.isObject()) {
            JsonNode arg = arguments.get("sessionId");
            if (arg != null
                    && !arg.isNull()
                    && !(arg.isString() && arg.asString().isEmpty())) {
                // exactly as sent; a wrongly typed one is left for the engine to refuse, never
                // replaced by the transport session
                return new Resolved(arg.isString() ? arg.asString() : null, false);
            }
        }
        if (transportSessionId != null && !transportSessionId.isBlank()) {
            return new Resolved(transportSessionId, false);
        }
        return new Resolved(null, false);
    }

    /** {@link #resolve(Map, JsonNode, String)} with the request's {@code _meta} as a JSON tree. */
    static Resolved resolveTree(JsonNode meta, JsonNode arguments, String transportSessionId) {
        if (meta != null && meta.isObject()) {
            for (String key : META_KEYS) {
                String value = text(meta.get(key));
                if (value != null) {
                    return new Resolved(value, true);
                }
            }
        }
        return resolve((Map<String, Object>) null, arguments, transportSessionId);
    }

    /** {@link #userId(Map)} with the request's {@code _meta} as a JSON tree. */
    static String userIdTree(JsonNode meta) {
        if (meta != null && meta.isObject()) {
            for (String key : USER_META_KEYS) {
                String value = text(meta.get(key));
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    /** The user id from the request's {@code _meta}, or null. */
    static String userId(Map<String, Object> meta) {
        if (meta != null) {
            for (String key : USER_META_KEYS) {
                String value = text(meta.get(key));
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    /** {@link #text(Object)} of a tree value: a string, or a number as the SDK's map would hold it. */
    private static String text(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isString()) {
            return text(value.asString());
        }
        return value.isNumber() ? text(value.numberValue()) : null;
    }

    /** A meta value as sent (blank counts as absent); never trimmed, so it cannot turn into another id. */
    private static String text(Object value) {
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        return null;
    }
}
