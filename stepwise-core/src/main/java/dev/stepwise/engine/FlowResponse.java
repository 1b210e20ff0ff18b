package dev.stepwise.engine;

import dev.stepwise.json.Json;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a call answers: a question to ask, a widget to show, completion, or an error. Every
 * response says which session it belongs to and which nodes the call visited. {@link #toJson}
 * renders the flow tool's {@code structuredContent} exactly as docs/contract.md describes.
 */
public sealed interface FlowResponse {

    Meta meta();

    /** {@code interrupt}, {@code widget}, {@code complete}, {@code cancelled} or {@code error}. */
    String status();

    /** The structured content of the flow tool; {@code sessionId} is included when asked. */
    ObjectNode toJson(boolean withSessionId);

    /**
     * What every response carries besides its outcome.
     *
     * @param flowId    the flow called
     * @param version   the flow version the session runs on (null when the call failed before loading)
     * @param sessionId the session (possibly generated); null if the call carried none and failed
     * @param visits    nodes entered during the call, in order
     */
    record Meta(
            String flowId,
            @Nullable String version,
            @Nullable String sessionId,
            List<Visit> visits) {
        public Meta {
            visits = visits == null ? List.of() : List.copyOf(visits);
        }

        Meta withVisits(List<Visit> value) {
            return new Meta(flowId, version, sessionId, value);
        }
    }

    /**
     * One question of an interrupt.
     *
     * @param field       the field the answer fills
     * @param question    the question text
     * @param fieldSchema the type hint ({@code type}, {@code values}, {@code description}, {@code optional})
     * @param suggestions example answers (may be empty)
     * @param context     guidance, starting {@code ERROR: } when the last answer was rejected; or null
     */
    record AskedQuestion(
            String field,
            String question,
            ObjectNode fieldSchema,
            List<String> suggestions,
            @Nullable String context) {
        public AskedQuestion {
            suggestions = List.copyOf(suggestions);
        }

        /** The type hint; a copy, as the engine gives every response on a field the same one. */
        @Override
        public ObjectNode fieldSchema() {
            return fieldSchema.deepCopy();
        }

        void writeTo(ObjectNode node) {
            node.put("question", question);
            node.put("field", field);
            node.set(
                    "fieldSchema",
                    Objects.requireNonNull(fieldSchema, "fieldSchema").deepCopy());
            if (!suggestions.isEmpty()) {
                ArrayNode array = node.putArray("suggestions");
                suggestions.forEach(array::add);
            }
            if (context != null) {
                node.put("context", context);
            }
        }
    }

    /** The user must answer one or more questions. */
    record Interrupt(
            Meta meta,
            List<AskedQuestion> questions,
            @Nullable String context) implements FlowResponse {
        public Interrupt {
            questions = List.copyOf(questions);
            if (questions.isEmpty()) {
                throw new IllegalArgumentException("an interrupt asks at least one question");
            }
        }

        @Override
        public String status() {
            return "interrupt";
        }

        @Override
        public ObjectNode toJson(boolean withSessionId) {
            ObjectNode node = head(this, withSessionId);
            if (questions.size() == 1) {
                AskedQuestion only = questions.get(0);
                only.writeTo(node);
                String merged = only.context() != null ? only.context() : context;
                if (merged != null) {
                    node.put("context", merged);
                }
            } else {
                ArrayNode array = node.putArray("questions");
                questions.forEach(q -> q.writeTo(array.addObject()));
                if (context != null) {
                    node.put("context", context);
                }
            }
            return node;
        }
    }

    /**
     * The model must call display tool {@code tool} with {@code data}.
     *
     * @param context {@code ERROR: <reason>} when the last answer for {@code field} was rejected, as
     *                for questions; or null
     */
    record Widget(
            Meta meta,
            String tool,
            JsonNode data,
            String description,
            boolean interactive,
            @Nullable String field,
            @Nullable ObjectNode fieldSchema,
            @Nullable String context)
            implements FlowResponse {
        /** The type hint of {@code field}; a copy, as the engine gives every response on a field the same one. */
        @Override
        public @Nullable ObjectNode fieldSchema() {
            return fieldSchema == null ? null : fieldSchema.deepCopy();
        }

        @Override
        public String status() {
            return "widget";
        }

        @Override
        public ObjectNode toJson(boolean withSessionId) {
            ObjectNode node = head(this, withSessionId);
            node.put("tool", tool);
            node.set("data", data == null ? Json.object() : data.deepCopy());
            node.put("description", description);
            node.put("interactive", interactive);
            if (field != null) {
                node.put("field", field);
                node.set(
                        "fieldSchema",
                        Objects.requireNonNull(fieldSchema, "fieldSchema of a field widget")
                                .deepCopy());
            }
            if (context != null) {
                node.put("context", context);
            }
            return node;
        }
    }

    /**
     * The flow reached END ({@code complete}, with the flow's result mapping) or was cancelled
     * ({@code cancelled}, with {@code cancelled: true} as before, so a host never reads a
     * cancellation as a finished flow).
     */
    record Complete(Meta meta, @Nullable JsonNode result, boolean cancelled) implements FlowResponse {
        @Override
        public String status() {
            return cancelled ? "cancelled" : "complete";
        }

        @Override
        public ObjectNode toJson(boolean withSessionId) {
            ObjectNode node = head(this, withSessionId);
            if (cancelled) {
                node.put("cancelled", true);
            } else {
                node.set("result", result == null ? Json.object() : result.deepCopy());
            }
            return node;
        }
    }

    /** The call failed; {@code message} says what to do. Nothing of a failed call was saved. */
    record Failed(Meta meta, ErrorCode code, String message) implements FlowResponse {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String status() {
            return "error";
        }

        public boolean retryable() {
            return code.retryable();
        }

        @Override
        public ObjectNode toJson(boolean withSessionId) {
            ObjectNode node = head(this, withSessionId);
            node.put("error", message);
            node.put("code", code.name());
            node.put("retryable", code.retryable());
            return node;
        }
    }

    private static ObjectNode head(FlowResponse response, boolean withSessionId) {
        ObjectNode node = Json.object();
        node.put("status", response.status());
        if (withSessionId && response.meta().sessionId() != null) {
            node.put("sessionId", response.meta().sessionId());
        }
        return node;
    }
}
