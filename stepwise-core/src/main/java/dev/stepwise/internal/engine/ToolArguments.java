package dev.stepwise.internal.engine;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.json.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes the flow tool's arguments ({@code action}, {@code intent}, {@code context},
 * {@code stateUpdates}, {@code sessionId}, {@code requestId}, {@code restart}) into a
 * {@link FlowCall}, refusing anything else with a message the model can act on.
 */
public final class ToolArguments {

    /** Longest {@code intent} or {@code context} accepted, in chars. */
    public static final int MAX_TEXT = 8_000;

    private static final Set<String> KNOWN =
            Set.of("action", "intent", "context", "stateUpdates", "sessionId", "requestId", "restart");

    private ToolArguments() {}

    /** Arguments that cannot make a call; the message names the problem. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /**
     * Reads a tool call's arguments into a call.
     *
     * @param flowId    the flow (tool) called
     * @param arguments the tool arguments (a JSON object)
     * @param sessionId a session id the host supplied outside the arguments (taking precedence over
     *                  {@code arguments.sessionId}), or null
     * @param userId    the user the host authenticated, or null
     * @throws Invalid naming what is wrong
     */
    public static FlowCall decode(
            String flowId, JsonNode arguments, @Nullable String sessionId, @Nullable String userId) {
        if (arguments == null || arguments.isNull()) {
            throw new Invalid("the flow tool needs arguments: at least {\"action\": \"start\"}");
        }
        if (!(arguments instanceof ObjectNode args)) {
            throw new Invalid("the flow tool's arguments must be a JSON object, not " + typeOf(arguments));
        }
        for (Map.Entry<String, JsonNode> entry : args.properties()) {
            if (!KNOWN.contains(entry.getKey())) {
                throw new Invalid("unknown argument '" + abbreviate(entry.getKey()) + "'; answers go inside"
                        + " stateUpdates. Accepted arguments: action, intent, context, stateUpdates, sessionId,"
                        + " requestId, restart");
            }
        }
        String actionName = text(args, "action", 16);
        if (actionName == null) {
            throw new Invalid("missing \"action\": one of start, continue, reset, cancel");
        }
        CallAction action = CallAction.fromWire(actionName.strip().toLowerCase(Locale.ROOT));
        if (action == null) {
            throw new Invalid(
                    "unknown action \"" + abbreviate(actionName) + "\": use start, continue, reset or cancel");
        }
        JsonNode updates = args.get("stateUpdates");
        if (updates != null && !updates.isNull() && !updates.isObject()) {
            throw new Invalid("stateUpdates must be an object of field values, not " + typeOf(updates));
        }
        String argSession = sessionId(args);
        return new FlowCall(
                flowId,
                action,
                sessionId != null ? sessionId : argSession,
                text(args, "intent", MAX_TEXT),
                text(args, "context", MAX_TEXT),
                updates == null || updates.isNull() ? Json.object() : (ObjectNode) updates,
                text(args, "requestId", 1024),
                bool(args, "restart"),
                userId);
    }

    private static @Nullable String text(ObjectNode args, String name, int max) {
        JsonNode value = args.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new Invalid("\"" + name + "\" must be a string, not " + typeOf(value));
        }
        // strip, not trim: trim also drops control characters (a NUL or BEL at the end of a sessionId
        // would silently name another session); those must reach the checks that refuse them
        String text = value.asString().strip();
        if (text.length() > max) {
            throw new Invalid("\"" + name + "\" is " + text.length() + " characters long; the limit is " + max);
        }
        return text.isEmpty() ? null : text;
    }

    /**
     * The {@code sessionId} argument exactly as sent: unlike other texts it is not stripped, since a
     * stripped {@code "\tf1"} would name session {@code f1}; the engine refuses what is not usable.
     */
    private static @Nullable String sessionId(ObjectNode args) {
        JsonNode value = args.get("sessionId");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new Invalid("\"sessionId\" must be a string, not " + typeOf(value));
        }
        return value.asString().isEmpty() ? null : value.asString();
    }

    private static boolean bool(ObjectNode args, String name) {
        JsonNode value = args.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()
                && ("true".equalsIgnoreCase(value.asString()) || "false".equalsIgnoreCase(value.asString()))) {
            return Boolean.parseBoolean(value.asString());
        }
        throw new Invalid("\"" + name + "\" must be true or false, not " + typeOf(value));
    }

    private static String typeOf(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
