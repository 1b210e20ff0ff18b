package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import dev.stepwise.store.RecordAttributes;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the engine keeps about one session between calls. Treated as immutable: the engine
 * copies the JSON members before changing them. The engine makes records with the factories below
 * (a run {@link #started}, {@link #paused} at a node, {@link #ended}); only the codec uses the
 * canonical constructor.
 *
 * @param flowId      the flow the session belongs to
 * @param flowVersion the flow version it runs on
 * @param graphHash   the graph hash of that version when the session started
 * @param runId       this run; a restart begins a new one
 * @param status      active, completed or cancelled
 * @param node        the node waiting for input (null unless active)
 * @param state       the merged state (empty once completed unless retention keeps it)
 * @param once        outcomes of {@code ctx.once} keys, for this run
 * @param answers     responses already given, by requestId, with when ({@link RequestAnswers})
 * @param intent      the user's intent at start, or null
 * @param userId      the user the session belongs to, or null
 * @param createdAt   when the run started
 * @param itemSeq     seq of the last item appended to the session's log
 * @param turns       how many turns were saved; numbers the outbox entries
 * @param outbox      scope operations saved with a turn and not yet known to be applied
 * @param claims      open claims ({@link Claims}): requestIds and {@code ctx.once} keys a call is running
 */
record SessionRecord(
        String flowId,
        String flowVersion,
        String graphHash,
        String runId,
        SessionStatus status,
        @Nullable String node,
        ObjectNode state,
        ObjectNode once,
        ObjectNode answers,
        @Nullable String intent,
        @Nullable String userId,
        Instant createdAt,
        long itemSeq,
        long turns,
        ArrayNode outbox,
        ObjectNode claims) {

    /**
     * The first record of a run of {@code flow} begun by {@code call}, before its first turn is saved;
     * {@code claims} are the open claims it carries over (a new run's once keys are new, so only
     * requestId claims).
     */
    static SessionRecord started(
            Flow flow,
            String runId,
            FlowCall call,
            Instant createdAt,
            long itemSeq,
            long turns,
            ArrayNode outbox,
            ObjectNode claims) {
        return new SessionRecord(
                flow.id(),
                flow.version(),
                flow.graphHash(),
                runId,
                SessionStatus.ACTIVE,
                null,
                Json.object(),
                Json.object(),
                Json.object(),
                call.intent(),
                call.userId(),
                createdAt,
                itemSeq,
                turns,
                outbox,
                claims);
    }

    boolean active() {
        return status == SessionStatus.ACTIVE;
    }

    /**
     * A run whose first turn is not saved yet: the record only holds the requestId claim of the start
     * that created it ({@link RequestGate#create}).
     */
    boolean starting() {
        return active() && node == null;
    }

    /** What the store lists this record by: its flow, its status and its user. */
    RecordAttributes attributes() {
        return new RecordAttributes(flowId, status.label(), userId);
    }

    /**
     * This run after turn {@code newTurns}, waiting at {@code waitingAt} of {@code onFlow} (the version
     * it runs on after migrations), with {@code newOutbox} still to apply.
     */
    SessionRecord paused(
            long newTurns,
            ArrayNode newOutbox,
            Flow onFlow,
            String waitingAt,
            ObjectNode newState,
            ObjectNode newOnce,
            ObjectNode newAnswers,
            @Nullable String owner,
            long newItemSeq,
            ObjectNode newClaims) {
        // every member but three changes: built directly, without a draft, on every paused turn
        return new SessionRecord(
                onFlow.id(),
                onFlow.version(),
                onFlow.graphHash(),
                runId,
                SessionStatus.ACTIVE,
                waitingAt,
                newState,
                newOnce,
                newAnswers,
                intent,
                owner,
                createdAt,
                newItemSeq,
                newTurns,
                newOutbox,
                newClaims);
    }

    /**
     * The marker of this run once completed or cancelled after turn {@code newTurns}: no node, no once
     * results, no intent, and no once claims (the run is over); {@code newClaims} keeps other calls'
     * open requestId claims, {@code newOutbox} the scope operations still to apply.
     */
    SessionRecord ended(
            long newTurns,
            ArrayNode newOutbox,
            SessionStatus newStatus,
            ObjectNode keptState,
            ObjectNode newAnswers,
            long newItemSeq,
            ObjectNode newClaims) {
        Draft d = new Draft(this);
        d.status = newStatus;
        d.node = null;
        d.state = keptState;
        d.once = Json.object();
        d.answers = newAnswers;
        d.intent = null;
        d.itemSeq = newItemSeq;
        d.claims = Claims.withoutAnyOnce(newClaims);
        d.turns = newTurns;
        d.outbox = newOutbox;
        return d.build();
    }

    SessionRecord withState(ObjectNode newState) {
        Draft d = new Draft(this);
        d.state = newState;
        return d.build();
    }

    SessionRecord withOutbox(long newTurns, ArrayNode newOutbox) {
        Draft d = new Draft(this);
        d.turns = newTurns;
        d.outbox = newOutbox;
        return d.build();
    }

    SessionRecord withClaims(ObjectNode newClaims) {
        Draft d = new Draft(this);
        d.claims = newClaims;
        return d.build();
    }

    /** A mutable copy, so each change above names only what it changes. */
    private static final class Draft {
        String flowId;
        String flowVersion;
        String graphHash;
        final String runId;
        SessionStatus status;

        @Nullable String node;

        ObjectNode state;
        ObjectNode once;
        ObjectNode answers;

        @Nullable String intent;

        @Nullable String userId;

        final Instant createdAt;
        long itemSeq;
        long turns;
        ArrayNode outbox;
        ObjectNode claims;

        Draft(SessionRecord r) {
            flowId = r.flowId;
            flowVersion = r.flowVersion;
            graphHash = r.graphHash;
            runId = r.runId;
            status = r.status;
            node = r.node;
            state = r.state;
            once = r.once;
            answers = r.answers;
            intent = r.intent;
            userId = r.userId;
            createdAt = r.createdAt;
            itemSeq = r.itemSeq;
            turns = r.turns;
            outbox = r.outbox;
            claims = r.claims;
        }

        SessionRecord build() {
            return new SessionRecord(
                    flowId,
                    flowVersion,
                    graphHash,
                    runId,
                    status,
                    node,
                    state,
                    once,
                    answers,
                    intent,
                    userId,
                    createdAt,
                    itemSeq,
                    turns,
                    outbox,
                    claims);
        }
    }
}
