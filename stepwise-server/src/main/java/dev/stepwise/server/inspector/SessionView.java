package dev.stepwise.server.inspector;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Node;
import dev.stepwise.flow.Question;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.scope.ScopeRef;
import dev.stepwise.store.Stored;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One session as the inspector shows it: where it waits and what it asks, its merged state, the
 * scopes it touches, its expiry and store version. Read from the record the engine stored (format
 * 1, see the engine's session codec) without decoding it strictly, so a record this engine cannot
 * run is still shown.
 */
final class SessionView {

    private SessionView() {}

    static ObjectNode of(FlowEngine engine, String flowId, String sessionId) {
        Optional<Stored> found = engine.sessions().record(flowId, sessionId);
        if (found.isEmpty()) {
            throw ApiError.notFound(
                    "no session '" + sessionId + "' of flow '" + flowId + "' (it may have expired or been deleted)");
        }
        Stored stored = found.get();
        ObjectNode out = Json.object();
        out.put("flowId", flowId);
        out.put("sessionId", sessionId);
        out.put("version", stored.version());
        out.put("updatedAt", Json.instantText(stored.updatedAt()));
        out.put("expiresAt", Json.instantText(stored.expiresAt()));
        String listedStatus = stored.attributes().status();
        out.put("status", listedStatus == null ? "unknown" : listedStatus);
        JsonNode record;
        try {
            record = Json.parse(stored.value());
        } catch (JsonException e) {
            out.put("readable", false);
            out.put(
                    "reason",
                    "the stored record is not JSON (" + stored.value().length
                            + " bytes): is the store encrypted with a key this server was not given?");
            return out;
        }
        out.put("readable", true);
        out.put("status", record.path("status").asString(out.path("status").asString()));
        copyText(record, out, "flowVersion");
        copyText(record, out, "graphHash");
        copyText(record, out, "node");
        copyText(record, out, "userId");
        copyText(record, out, "intent");
        copyText(record, out, "createdAt");
        out.put("turns", record.path("turns").asLong(0));
        out.put("itemSeq", record.path("itemSeq").asLong(0));
        JsonNode state = record.get("state");
        out.set("state", state != null && state.isObject() ? state : Json.object());
        JsonNode answers = record.get("answers");
        out.put("requestIdsAnswered", answers != null ? answers.size() : 0);
        JsonNode outbox = record.get("outbox");
        out.put("scopeOpsPending", outbox != null ? outbox.size() : 0);

        Optional<Flow> flow = engine.flow(flowId);
        String graphHash = record.path("graphHash").asString("");
        out.put(
                "graphCurrent",
                flow.isPresent()
                        && flow.get()
                                .version()
                                .equals(record.path("flowVersion").asString(""))
                        && flow.get().graphHash().equals(graphHash));
        String node = record.path("node").asString("");
        if (flow.isPresent() && !node.isEmpty()) {
            Node current = flow.get().node(node);
            if (current != null) {
                out.set("pending", pending(current));
            }
        }
        out.set(
                "scopes",
                scopes(
                        engine,
                        flow.orElse(null),
                        sessionId,
                        record.path("userId").asString("")));
        return out;
    }

    /** What the session waits for at its node: questions (fixed ones; dynamic ones are built per call) or a widget. */
    private static ObjectNode pending(Node node) {
        ObjectNode out = Json.object();
        out.put("node", node.id());
        out.put("kind", node.kind());
        if (node instanceof Node.AskNode ask) {
            if (ask.fixed() == null) {
                out.put("dynamic", true);
            } else {
                ArrayNode questions = out.putArray("questions");
                for (Question q : ask.fixed().questions()) {
                    ObjectNode question = questions.addObject();
                    question.put("field", q.field());
                    question.put("question", q.text());
                    ArrayNode suggestions = question.putArray("suggestions");
                    q.suggestions().forEach(suggestions::add);
                    if (q.context() != null) {
                        question.put("context", q.context());
                    }
                }
                if (ask.fixed().context() != null) {
                    out.put("context", ask.fixed().context());
                }
            }
        } else if (node instanceof Node.WidgetNode widget) {
            out.put("tool", widget.tool());
            out.put("interactive", widget.interactive());
            if (widget.field() != null) {
                out.put("field", widget.field());
            }
            if (widget.description() != null) {
                out.put("description", widget.description());
            }
        }
        return out;
    }

    /**
     * The scopes the session reads and writes: its own, its user's when the flow declares user fields
     * and the session has a user, and the project's when the flow declares project fields.
     */
    private static ArrayNode scopes(FlowEngine engine, Flow flow, String sessionId, String userId) {
        ArrayNode out = Json.nodes().arrayNode();
        ObjectNode session = out.addObject();
        session.put("kind", "session");
        session.put("id", sessionId);
        if (flow == null) {
            return out;
        }
        if (!userId.isEmpty() && !flow.userSchema().fields().isEmpty()) {
            addScope(out, engine, ScopeRef.user(userId));
        }
        if (!flow.projectSchema().fields().isEmpty()) {
            addScope(out, engine, ScopeRef.project("default"));
        }
        return out;
    }

    private static void addScope(ArrayNode out, FlowEngine engine, ScopeRef ref) {
        ObjectNode scope = out.addObject();
        scope.put("kind", ref.kind().label());
        scope.put("id", ref.id());
        engine.scopes().state(ref).ifPresent(state -> scope.set("state", state.toJson()));
    }

    private static void copyText(JsonNode from, ObjectNode to, String name) {
        JsonNode value = from.get(name);
        if (value != null && value.isString()) {
            to.put(name, value.asString());
        }
    }
}
