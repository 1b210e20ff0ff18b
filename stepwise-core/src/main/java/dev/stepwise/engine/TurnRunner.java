package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.scope.ScopeKind;
import dev.stepwise.store.VersionedStore;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The three things an attempt can do to a session: begin a run, resume one (from where it waits,
 * or from the start for a reset), or cancel it. Each prepares the turn and hands it to the
 * {@link TurnSaver}.
 */
final class TurnRunner {

    private final FlowRegistry registry;
    private final VersionedStore store;
    private final EngineSettings settings;
    private final TurnSaver saver;
    private final ClaimWriter claimWriter;
    private final SessionCache sessions;

    TurnRunner(
            FlowRegistry registry,
            VersionedStore store,
            EngineSettings settings,
            TurnSaver saver,
            ClaimWriter claimWriter,
            SessionCache sessions) {
        this.sessions = sessions;
        this.registry = registry;
        this.store = store;
        this.settings = settings;
        this.saver = saver;
        this.claimWriter = claimWriter;
    }

    /** Starts a new run of {@code flow}, replacing whatever {@code attempt} loaded. */
    @Nullable FlowResponse begin(Attempt attempt, Flow flow) {
        FlowCall call = attempt.call();
        SessionRecord previous = attempt.record();
        String runId = newRunId();
        Turn turn = new Turn(
                flow,
                registry.texts(flow),
                attempt.sessionId(),
                runId,
                call.intent(),
                Json.object(),
                Json.object(),
                attempt.claims(),
                onceGate(attempt, runId),
                settings.clock(),
                scopeLoader(flow, call.userId()));
        StateUpdates.apply(turn, call.stateUpdates());
        Turn.Outcome outcome = GraphWalk.fromStart(turn);
        SessionRecord base = SessionRecord.started(
                flow,
                runId,
                call,
                settings.clock().instant(),
                previous == null ? attempt.unreadableItemSeq() : previous.itemSeq(),
                previous == null ? 0 : previous.turns(),
                attempt.leftovers(),
                // a new run: its once keys are new, but open requestId claims (this call's) carry over
                previous == null ? Claims.none() : Claims.withoutAnyOnce(previous.claims()));
        FlowResponse response = saver.save(attempt, flow, base, turn, outcome, Json.object());
        if (response != null && !(response instanceof FlowResponse.Failed)) {
            attempt.claims().tally().began();
        }
        return response;
    }

    /** Continues the live session {@code attempt} loaded; from the first node when {@code fromStart}. */
    @Nullable FlowResponse resume(Attempt attempt, boolean fromStart) {
        SessionRecord record = live(attempt);
        Placement placement = Placement.of(registry, record, attempt.sessionId());
        Flow flow = placement.flow();
        Turn turn = new Turn(
                flow,
                registry.texts(flow),
                attempt.sessionId(),
                record.runId(),
                record.intent(),
                placement.state(),
                record.once(),
                attempt.claims(),
                onceGate(attempt, record.runId()),
                settings.clock(),
                scopeLoader(flow, attempt.userId()));
        StateUpdates.apply(turn, attempt.call().stateUpdates());
        Turn.Outcome outcome = fromStart ? GraphWalk.fromStart(turn) : GraphWalk.resume(turn, placement.node());
        SessionRecord base = attempt.leftovers() == record.outbox()
                ? record
                : record.withOutbox(record.turns(), attempt.leftovers());
        return saver.save(attempt, flow, base, turn, outcome, record.state());
    }

    private static SessionRecord live(Attempt attempt) {
        return Objects.requireNonNull(attempt.record(), "a live session's record");
    }

    /** Ends the live session {@code attempt} loaded as cancelled. */
    @Nullable FlowResponse cancel(Attempt attempt) {
        SessionRecord live = live(attempt);
        SessionRecord record = live.withOutbox(live.turns(), attempt.leftovers());
        FlowResponse.Meta done =
                new FlowResponse.Meta(record.flowId(), record.flowVersion(), attempt.sessionId(), List.of());
        return saver.cancel(attempt, record, new FlowResponse.Complete(done, null, true));
    }

    /** Claims the {@code ctx.once} keys the turn reaches in the stored record of run {@code runId}. */
    private OnceGate onceGate(Attempt attempt, String runId) {
        return new OnceGate(store, settings, claimWriter, attempt.key(), runId, attempt.claims(), sessions);
    }

    /** Loads a scope the first time node code touches it. */
    private Function<ScopeKind, TurnScope> scopeLoader(Flow flow, @Nullable String userId) {
        return kind -> {
            String id = kind == ScopeKind.USER ? userId : settings.projectId();
            if (id == null) {
                return TurnScope.none(kind);
            }
            StateSchema declared = Scopes.schema(flow, kind);
            ObjectNode state = ScopeCodec.state(store.read(ScopeCodec.key(kind, id)));
            // A flow sees only the scope fields it declares; other flows' fields stay out of reach.
            state.retain(declared.names());
            return new TurnScope(kind, id, declared, state);
        };
    }

    /** A random run id; also a call's owner token for its claims. */
    static String newRunId() {
        byte[] bytes = new byte[9];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
