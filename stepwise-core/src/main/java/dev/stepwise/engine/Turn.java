package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.NodeContext;
import dev.stepwise.flow.ScopeView;
import dev.stepwise.flow.State;
import dev.stepwise.internal.json.PlainTrees;
import dev.stepwise.json.Json;
import dev.stepwise.scope.ScopeKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one attempt at a call's graph work sees and leaves behind: a private copy of the session's
 * state, the nodes visited, the values refused, the log entries and scope operations queued. A
 * {@link Turn} is the {@link NodeContext} its node code sees, so nothing of one session can reach
 * another. {@link StateUpdates} fills it from the call and {@link GraphWalk} runs the nodes; nothing
 * here touches the store: the caller saves the outcome.
 */
final class Turn implements NodeContext {

    /** How a turn ended. */
    sealed interface Outcome {
        FlowResponse response();

        record Paused(String node, FlowResponse response) implements Outcome {}

        record Completed(FlowResponse.Complete response) implements Outcome {}
    }

    private final Flow flow;
    private final FlowTexts texts;
    private final String sessionId;
    private final String runId;
    private final @Nullable String intent;
    private final ObjectNode state;
    // the loaded record's own map until this turn records an outcome: copied only then
    private ObjectNode once;
    private boolean onceCopied;
    private final CallClaims claims;
    private final OnceGate onceGate;
    private final Clock clock;
    private final Function<ScopeKind, TurnScope> scopeLoader;
    // made on first use: most turns refuse nothing, share nothing between nodes and touch no scope
    private @Nullable Map<String, String> fieldErrors;
    // sized for a turn's usual few visits: a default list's first growth makes room for ten
    private final List<Visit> visits = new ArrayList<>(4);
    private final List<TurnLog.Entry> logged = new ArrayList<>();
    private @Nullable Map<String, Object> request;
    private @Nullable Map<ScopeKind, TurnScope> scopes;

    /**
     * @param texts       the flow's hints and widget descriptions
     * @param once        the {@code ctx.once} outcomes recorded so far; never changed (a turn that
     *                    records one more works on a copy)
     * @param claims      the call's: {@code ctx.once} outcomes of its earlier attempts (a re-run
     *                    after a lost race does not repeat an effect) and its tally of bodies run
     * @param onceGate    claims a once key before its body runs, so racing turns run it once
     * @param scopeLoader loads a user or project scope the first time node code touches it
     */
    Turn(
            Flow flow,
            FlowTexts texts,
            String sessionId,
            String runId,
            @Nullable String intent,
            ObjectNode state,
            ObjectNode once,
            CallClaims claims,
            OnceGate onceGate,
            Clock clock,
            Function<ScopeKind, TurnScope> scopeLoader) {
        this.flow = flow;
        this.texts = texts;
        this.sessionId = sessionId;
        this.runId = runId;
        this.intent = intent;
        this.state = state;
        this.once = once;
        this.claims = claims;
        this.onceGate = onceGate;
        this.clock = clock;
        this.scopeLoader = scopeLoader;
    }

    Flow flow() {
        return flow;
    }

    FlowTexts texts() {
        return texts;
    }

    Clock clock() {
        return clock;
    }

    ObjectNode stateNode() {
        return state;
    }

    /** The {@code ctx.once} outcomes after this turn: the loaded record's own map when it recorded none. */
    ObjectNode onceResults() {
        return once;
    }

    List<Visit> visits() {
        return visits;
    }

    /** Values refused this turn, by field path, with the reason (the model is told). Read-only. */
    Map<String, String> fieldErrors() {
        return fieldErrors == null ? Map.of() : Collections.unmodifiableMap(fieldErrors);
    }

    /** Notes that the value for {@code path} was refused, and why; a later refusal replaces it. */
    void refuse(String path, @Nullable String reason) {
        if (fieldErrors == null) {
            fieldErrors = new LinkedHashMap<>();
        }
        fieldErrors.put(path, reason);
    }

    List<TurnLog.Entry> logged() {
        return logged;
    }

    /** The scopes node code touched, with the operations it queued. */
    Collection<TurnScope> scopes() {
        return scopes == null ? List.of() : scopes.values();
    }

    FlowResponse.Meta meta() {
        return new FlowResponse.Meta(flow.id(), flow.version(), sessionId, visits);
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
    public @Nullable String intent() {
        return intent;
    }

    @Override
    public ScopeView user() {
        return scope(ScopeKind.USER);
    }

    @Override
    public ScopeView project() {
        return scope(ScopeKind.PROJECT);
    }

    private TurnScope scope(ScopeKind kind) {
        if (scopes == null) {
            scopes = new LinkedHashMap<>();
        }
        return scopes.computeIfAbsent(kind, scopeLoader);
    }

    @Override
    public Map<String, Object> request() {
        if (request == null) {
            request = new HashMap<>();
        }
        return request;
    }

    @Override
    public void log(String kind, Object payload) {
        logged.add(
                new TurnLog.Entry(kind, payload instanceof JsonNode node ? node.deepCopy() : PlainTrees.of(payload)));
    }

    @Override
    public JsonNode once(String key, Supplier<?> effect) {
        JsonNode recorded = once.get(key);
        if (recorded != null) {
            return recorded.deepCopy();
        }
        JsonNode cached = claims.onceResult(key);
        if (cached == null) {
            // claim the key first, so a racing turn waits for this outcome instead of running the body too
            if (onceGate.claim(key) instanceof OnceGate.Outcome.Recorded recordedElsewhere) {
                cached = recordedElsewhere.value();
            } else {
                Object value = effect.get();
                claims.tally().onceRan();
                cached = value instanceof JsonNode node ? node.deepCopy() : PlainTrees.of(value);
                if (cached == null) {
                    cached = Json.nodes().nullNode();
                }
            }
            claims.rememberOnce(key, cached);
        }
        if (!onceCopied) {
            once = once.deepCopy();
            onceCopied = true;
        }
        once.set(key, cached.deepCopy());
        return cached.deepCopy();
    }
}
