package dev.stepwise.engine;

import dev.stepwise.flow.Ask;
import dev.stepwise.flow.Edge;
import dev.stepwise.flow.FieldCheck;
import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.FieldType;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.InvalidAnswer;
import dev.stepwise.flow.Node;
import dev.stepwise.flow.NodeContext;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.Question;
import dev.stepwise.flow.State;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonPaths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One attempt at running a call's graph work on a private copy of a session's state: apply the
 * updates, then execute nodes until one pauses or END is reached. Nothing here touches the store;
 * the caller saves the outcome. A {@link Turn} is the {@link NodeContext} its node code sees, so
 * nothing of one session can reach another.
 */
final class Turn implements NodeContext {

    private static final Logger log = LoggerFactory.getLogger(Turn.class);

    /** How a turn ended. */
    sealed interface Outcome {
        record Paused(String node, FlowResponse response) implements Outcome {}

        record Completed(FlowResponse.Complete response) implements Outcome {}
    }

    private final Flow flow;
    private final String sessionId;
    private final String runId;
    private final String intent;
    private final ObjectNode state;
    private final ObjectNode once;
    private final Map<String, JsonNode> onceCache;
    private final Clock clock;
    private final Map<String, String> fieldErrors = new LinkedHashMap<>();
    private final List<Visit> visits = new ArrayList<>();
    private final List<String> updatedFields = new ArrayList<>();
    private final List<TurnLog.Entry> logged = new ArrayList<>();
    private final Map<String, Object> request = new java.util.HashMap<>();
    private final java.util.function.Function<String, TurnScope> scopeLoader;
    private final Map<String, TurnScope> scopes = new LinkedHashMap<>();

    Turn(Flow flow, String sessionId, String runId, String intent, ObjectNode state, ObjectNode once,
         Map<String, JsonNode> onceCache, Clock clock, java.util.function.Function<String, TurnScope> scopeLoader) {
        this.scopeLoader = scopeLoader;
        this.flow = flow;
        this.sessionId = sessionId;
        this.runId = runId;
        this.intent = intent;
        this.state = state;
        this.once = once;
        this.onceCache = onceCache;
        this.clock = clock;
    }

    ObjectNode stateNode() {
        return state;
    }

    ObjectNode onceResults() {
        return once;
    }

    List<Visit> visits() {
        return visits;
    }

    List<String> updatedFields() {
        return updatedFields;
    }

    List<TurnLog.Entry> logged() {
        return logged;
    }

    /** The scopes node code touched, with the operations it queued. */
    java.util.Collection<TurnScope> scopes() {
        return scopes.values();
    }

    FlowResponse.Meta meta() {
        return new FlowResponse.Meta(flow.id(), flow.version(), sessionId, visits);
    }

    /**
     * Applies {@code stateUpdates}: declared fields are type-checked and coerced; a wrong value is
     * dropped (an earlier valid answer stays) and remembered, so an unanswered field is asked again
     * with the reason and any other rejection is reported in the response's context.
     *
     * @throws TurnFailure {@code INVALID_INPUT} naming undeclared fields; nothing is applied then
     */
    void applyUpdates(ObjectNode updates) {
        List<String> undeclared = new ArrayList<>();
        Map<String, JsonNode> accepted = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : updates.properties()) {
            collect(entry.getKey(), entry.getValue(), accepted, undeclared);
        }
        if (!undeclared.isEmpty()) {
            throw new TurnFailure(ErrorCode.INVALID_INPUT, "stateUpdates has undeclared field"
                    + (undeclared.size() > 1 ? "s " : " ") + quoteAll(undeclared) + "; nothing was saved."
                    + " Declared fields: " + String.join(", ", flow.schema().names()) + ".");
        }
        accepted.forEach((path, value) -> {
            if (value == null) {
                JsonPaths.remove(state, path);
            } else {
                JsonPaths.set(state, path, value);
            }
            updatedFields.add(path);
        });
    }

    private void collect(String path, JsonNode value, Map<String, JsonNode> accepted, List<String> undeclared) {
        FieldSpec spec;
        try {
            spec = flow.schema().resolve(path);
        } catch (IllegalArgumentException e) {
            spec = null;
        }
        if (spec == null) {
            undeclared.add(path);
            return;
        }
        if (value.isNull()) {
            accepted.put(path, null);
        } else if (spec.type() == FieldType.OBJECT && value.isObject()) {
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                collect(path + "." + member.getKey(), member.getValue(), accepted, undeclared);
            }
        } else {
            FieldCheck.Result checked = FieldCheck.check(spec, value);
            if (checked instanceof FieldCheck.Result.Accepted ok) {
                accepted.put(path, ok.value());
            } else {
                fieldErrors.put(path, ((FieldCheck.Result.Rejected) checked).reason());
            }
        }
    }

    /**
     * Runs nodes from {@code position}.
     *
     * @param resuming whether {@code position} is the node the session was waiting at (a display-only
     *                 widget there counts as shown)
     * @throws TurnFailure for node failures, loops and graph errors
     */
    Outcome run(String position, boolean resuming) {
        int steps = 0;
        boolean first = resuming;
        while (!Flow.END.equals(position)) {
            if (++steps > flow.loopLimit()) {
                throw new TurnFailure(ErrorCode.LOOP_LIMIT, "flow '" + flow.id() + "' ran " + flow.loopLimit()
                        + " nodes in one call without pausing (last: '" + position + "'); nothing was saved."
                        + " The flow's loop needs an exit the current state can reach.");
            }
            Node node = flow.node(position);
            if (node == null) {
                throw new TurnFailure(ErrorCode.INTERNAL, "flow '" + flow.id() + "' version " + flow.version()
                        + " has no node '" + position + "'");
            }
            visits.add(new Visit(position, clock.instant()));
            if (node instanceof Node.AskNode askNode) {
                Outcome paused = ask(askNode);
                if (paused != null) {
                    return paused;
                }
            } else if (node instanceof Node.ActionNode action) {
                merge(runAction(action));
            } else if (node instanceof Node.WidgetNode widget) {
                boolean filled = widget.field() != null && JsonPaths.isAnswered(JsonPaths.get(state, widget.field()));
                if (!filled && !(widget.field() == null && first)) {
                    return new Outcome.Paused(position, widget(widget));
                }
            }
            position = next(node);
            first = false;
        }
        return new Outcome.Completed(new FlowResponse.Complete(meta(), result(), false));
    }

    private Outcome ask(Node.AskNode node) {
        Ask ask;
        try {
            ask = node.ask(this);
        } catch (RuntimeException e) {
            throw nodeFailed(node, e);
        }
        List<Question> open = new ArrayList<>();
        for (Question q : ask.questions()) {
            if (resolve(q.field()) == null) {
                throw new TurnFailure(ErrorCode.NODE_FAILED, "ask node '" + node.id()
                        + "' asked undeclared field '" + q.field() + "'");
            }
            if (!JsonPaths.isAnswered(JsonPaths.get(state, q.field()))) {
                open.add(q);
            }
        }
        if (!open.isEmpty()) {
            return new Outcome.Paused(node.id(), interrupt(ask, open));
        }
        for (Question q : ask.questions()) {
            if (q.validator() == null) {
                continue;
            }
            Patch patch;
            try {
                patch = q.validator().validate(JsonPaths.get(state, q.field()), this);
            } catch (InvalidAnswer rejected) {
                JsonPaths.remove(state, q.field());
                fieldErrors.put(q.field(), rejected.getMessage());
                return new Outcome.Paused(node.id(), interrupt(ask, List.of(q)));
            } catch (RuntimeException e) {
                throw nodeFailed(node, e);
            }
            merge(patch);
        }
        return null;
    }

    private Patch runAction(Node.ActionNode node) {
        try {
            return node.action().run(this);
        } catch (TurnFailure e) {
            throw e;
        } catch (Exception e) {
            throw nodeFailed(node, e);
        }
    }

    private String next(Node node) {
        Edge edge = flow.edgeFrom(node.id());
        if (edge instanceof Edge.Direct direct) {
            return direct.to();
        }
        String target;
        try {
            target = ((Edge.Conditional) edge).router().route(this);
        } catch (RuntimeException e) {
            throw nodeFailed(node, e);
        }
        if (!edge.targets().contains(target)) {
            throw new TurnFailure(ErrorCode.NODE_FAILED, "the branch after node '" + node.id() + "' chose '"
                    + target + "', which is not one of its declared targets " + edge.targets()
                    + "; nothing was saved");
        }
        return target;
    }

    private void merge(Patch patch) {
        if (patch != null && !patch.isEmpty()) {
            JsonPaths.merge(state, patch.toJson());
        }
    }

    private FlowResponse.Interrupt interrupt(Ask ask, List<Question> open) {
        List<FlowResponse.AskedQuestion> asked = new ArrayList<>();
        for (Question q : open) {
            String reason = fieldErrors.get(q.field());
            String context = reason == null ? q.context()
                    : "ERROR: " + reason + (q.context() == null ? "" : "\n\n" + q.context());
            asked.add(new FlowResponse.AskedQuestion(q.field(), q.text(), flow.schema().hint(q.field()),
                    q.suggestions(), context));
        }
        StringBuilder context = new StringBuilder(ask.context() == null ? "" : ask.context());
        fieldErrors.forEach((field, reason) -> {
            if (open.stream().noneMatch(q -> q.field().equals(field))) {
                context.append(context.length() == 0 ? "" : "\n\n").append("ERROR: ").append(reason)
                        .append(" (this value was not saved)");
            }
        });
        return new FlowResponse.Interrupt(meta(), asked, context.length() == 0 ? null : context.toString());
    }

    private FlowResponse.Widget widget(Node.WidgetNode node) {
        JsonNode data;
        try {
            data = node.data() == null ? Json.object() : Json.mapper().valueToTree(node.data().apply(this));
        } catch (RuntimeException e) {
            throw nodeFailed(node, e);
        }
        StringBuilder description = new StringBuilder();
        String reason = node.field() == null ? null : fieldErrors.get(node.field());
        if (reason != null) {
            description.append("ERROR: ").append(reason).append(". ");
        }
        if (node.interactive()) {
            description.append("Call ").append(node.tool()).append(" now to display the widget, then call this flow")
                    .append(" again with action \"continue\"");
            if (node.field() != null) {
                description.append(" and the user's choice in stateUpdates.").append(node.field());
            }
            description.append('.');
        } else {
            description.append("Call ").append(node.tool()).append(" now to display the widget, then immediately")
                    .append(" call this flow again with action \"continue\".");
        }
        if (node.description() != null) {
            description.append(' ').append(node.description());
        }
        return new FlowResponse.Widget(meta(), node.tool(), data, description.toString(), node.interactive(),
                node.field(), node.field() == null ? null : flow.schema().hint(node.field()));
    }

    private JsonNode result() {
        if (flow.result() == null) {
            return state.deepCopy();
        }
        try {
            return Json.mapper().valueToTree(flow.result().apply(State.of(state)));
        } catch (RuntimeException e) {
            log.warn("result mapping of flow '{}' failed", flow.id(), e);
            throw new TurnFailure(ErrorCode.NODE_FAILED, "the result mapping of flow '" + flow.id() + "' failed: "
                    + e.getMessage() + "; nothing was saved");
        }
    }

    private FieldSpec resolve(String path) {
        try {
            return flow.schema().resolve(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private TurnFailure nodeFailed(Node node, Exception e) {
        if (e instanceof dev.stepwise.store.StoreException storeFailure) {
            throw storeFailure;
        }
        log.warn("node '{}' of flow '{}' failed", node.id(), flow.id(), e);
        return new TurnFailure(ErrorCode.NODE_FAILED, "node '" + node.id() + "' failed: " + e.getMessage()
                + ". Nothing of this call was saved; the session still waits where it was.");
    }

    private static String quoteAll(List<String> names) {
        return "'" + String.join("', '", names) + "'";
    }

    // NodeContext

    @Override
    public State state() {
        return State.view(state);
    }

    @Override
    public String flowId() {
        return flow.id();
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String intent() {
        return intent;
    }

    @Override
    public dev.stepwise.flow.ScopeView user() {
        return scopes.computeIfAbsent("user", scopeLoader);
    }

    @Override
    public dev.stepwise.flow.ScopeView project() {
        return scopes.computeIfAbsent("project", scopeLoader);
    }

    @Override
    public Map<String, Object> request() {
        return request;
    }

    @Override
    public void log(String kind, Object payload) {
        logged.add(new TurnLog.Entry(kind, payload instanceof JsonNode node ? node.deepCopy()
                : Json.mapper().valueToTree(payload)));
    }

    @Override
    public JsonNode once(String key, Supplier<?> effect) {
        JsonNode recorded = once.get(key);
        if (recorded != null) {
            return recorded.deepCopy();
        }
        JsonNode cached = onceCache.get(key);
        if (cached == null) {
            Object value = effect.get();
            cached = value instanceof JsonNode node ? node.deepCopy() : Json.mapper().valueToTree(value);
            if (cached == null) {
                cached = Json.nodes().nullNode();
            }
            onceCache.put(key, cached);
        }
        once.set(key, cached.deepCopy());
        return cached.deepCopy();
    }
}
