package dev.stepwise.mcp;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.ErrorCode;
import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The flow tool's {@code inputSchema} and {@code outputSchema}, as docs/contract.md describes them. */
final class ToolSchemas {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private ToolSchemas() {}

    static Map<String, Object> toMap(JsonNode node) {
        return Json.mapper().convertValue(node, MAP);
    }

    /**
     * The input schema. {@code stateUpdates} accepts strings for numbers, integers and booleans, so
     * {@code "34"} reaches the engine, which coerces it or re-asks with the reason.
     */
    static ObjectNode input(Flow flow) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ObjectNode action = props.putObject("action");
        action.put("type", "string");
        ArrayNode actions = action.putArray("enum");
        for (CallAction a : CallAction.values()) {
            actions.add(a.wireName());
        }
        action.put(
                "description",
                "start a session, continue with answers, reset to correct earlier answers," + " or cancel");
        string(props, "intent", "start: what the user asked for, in their words");
        string(props, "context", "start: anything else you know that may help");
        ObjectNode updates = flow.schema().updatesJsonSchema(true);
        updates.put("description", "Answers: declared fields, dot paths (\"a.b\") or nested partial objects");
        props.set("stateUpdates", updates);
        string(props, "sessionId", "the sessionId an earlier result returned, if any");
        string(props, "requestId", "optional idempotency key: repeating it returns the same answer");
        ObjectNode restart = props.putObject("restart");
        restart.put("type", "boolean");
        restart.put("description", "start: begin anew even if a session is in progress (default: resume it)");
        schema.putArray("required").add("action");
        return schema;
    }

    /** One schema for every status: interrupt, widget, complete and error. */
    static ObjectNode output() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ObjectNode status = props.putObject("status");
        status.put("type", "string");
        status.putArray("enum")
                .add("interrupt")
                .add("widget")
                .add("complete")
                .add("cancelled")
                .add("error");
        string(props, "sessionId", "pass back as sessionId in later calls");
        question(props);
        ObjectNode questions = props.putObject("questions");
        questions.put("type", "array");
        questions.put("minItems", 2);
        ObjectNode item = questions.putObject("items");
        item.put("type", "object");
        question(item.putObject("properties"));
        item.putArray("required").add("question").add("field").add("fieldSchema");
        string(props, "tool", "widget: the display tool to call");
        props.putObject("data").put("description", "widget: the arguments for the display tool");
        string(props, "description", "widget: what to do");
        props.putObject("interactive").put("type", "boolean");
        props.putObject("result").put("description", "complete: the flow's result");
        props.putObject("cancelled").put("type", "boolean");
        string(props, "error", "error: what went wrong and what to do");
        ObjectNode code = props.putObject("code");
        code.put("type", "string");
        ArrayNode codes = code.putArray("enum");
        for (ErrorCode c : ErrorCode.values()) {
            codes.add(c.name());
        }
        props.putObject("retryable").put("type", "boolean");
        schema.putArray("required").add("status");
        ArrayNode rules = schema.putArray("allOf");
        rules.add(when("interrupt", oneOf(required("question", "field", "fieldSchema"), required("questions"))));
        rules.add(when("widget", required("tool", "data", "description", "interactive")));
        rules.add(when("complete", oneOf(required("result"), required("cancelled"))));
        rules.add(when("cancelled", required("cancelled")));
        rules.add(when("error", required("error", "code", "retryable")));
        return schema;
    }

    private static void question(ObjectNode props) {
        string(props, "question", "interrupt: the question to ask");
        string(props, "field", "the state field the answer fills");
        ObjectNode hint = props.putObject("fieldSchema");
        hint.put("type", "object");
        ObjectNode hintProps = hint.putObject("properties");
        ObjectNode type = hintProps.putObject("type");
        type.put("type", "string");
        type.putArray("enum")
                .add("string")
                .add("number")
                .add("boolean")
                .add("enum")
                .add("object")
                .add("array");
        hintProps.putObject("values").put("type", "array").putObject("items").put("type", "string");
        hintProps.putObject("description").put("type", "string");
        hintProps.putObject("optional").put("type", "boolean");
        hint.putArray("required").add("type");
        props.putObject("suggestions").put("type", "array").putObject("items").put("type", "string");
        string(props, "context", "guidance; starts with \"ERROR:\" when the last answer was rejected");
    }

    private static void string(ObjectNode props, String name, String description) {
        ObjectNode node = props.putObject(name);
        node.put("type", "string");
        node.put("description", description);
    }

    private static ObjectNode required(String... names) {
        ObjectNode node = Json.object();
        ArrayNode array = node.putArray("required");
        for (String name : names) {
            array.add(name);
        }
        return node;
    }

    private static ObjectNode oneOf(ObjectNode a, ObjectNode b) {
        ObjectNode node = Json.object();
        node.putArray("oneOf").add(a).add(b);
        return node;
    }

    private static ObjectNode when(String status, ObjectNode then) {
        ObjectNode rule = Json.object();
        ObjectNode cond = rule.putObject("if");
        cond.putObject("properties").putObject("status").put("const", status);
        cond.putArray("required").add("status");
        rule.set("then", then);
        return rule;
    }
}
