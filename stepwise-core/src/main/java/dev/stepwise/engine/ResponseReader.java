package dev.stepwise.engine;

import dev.stepwise.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Rebuilds a response the engine rendered with {@link FlowResponse#toJson}, to replay it for a repeated requestId. */
final class ResponseReader {

    private ResponseReader() {}

    static FlowResponse read(FlowResponse.Meta meta, JsonNode json) {
        String status = json.path("status").asString();
        return switch (status) {
            case "interrupt" -> interrupt(meta, json);
            case "widget" ->
                new FlowResponse.Widget(
                        meta,
                        json.path("tool").asString(),
                        json.get("data"),
                        json.path("description").asString(),
                        json.path("interactive").asBoolean(true),
                        textOrNull(json, "field"),
                        (ObjectNode) json.get("fieldSchema"),
                        textOrNull(json, "context"));
            // "complete" with cancelled: true is how answers saved before the cancelled status read
            case "complete", "cancelled" ->
                new FlowResponse.Complete(
                        meta, json.get("result"), json.path("cancelled").asBoolean(false));
            default -> throw new IllegalStateException("cannot replay a response of status '" + status + "'");
        };
    }

    private static FlowResponse interrupt(FlowResponse.Meta meta, JsonNode json) {
        List<FlowResponse.AskedQuestion> questions = new ArrayList<>();
        if (json.has("questions")) {
            for (JsonNode q : json.get("questions")) {
                questions.add(question(q));
            }
            return new FlowResponse.Interrupt(meta, questions, textOrNull(json, "context"));
        }
        return new FlowResponse.Interrupt(meta, List.of(question(json)), null);
    }

    private static FlowResponse.AskedQuestion question(JsonNode q) {
        List<String> suggestions = new ArrayList<>();
        q.path("suggestions").forEach(s -> suggestions.add(s.asString()));
        return new FlowResponse.AskedQuestion(
                q.path("field").asString(),
                q.path("question").asString(),
                q.get("fieldSchema") instanceof ObjectNode schema ? schema : Json.object(),
                suggestions,
                textOrNull(q, "context"));
    }

    private static @Nullable String textOrNull(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asString() : null;
    }
}
