package dev.stepwise.engine;

import java.time.Instant;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the engine keeps about one session between calls. Treated as immutable: the engine
 * copies the JSON members before changing them.
 *
 * @param flowId      the flow the session belongs to
 * @param flowVersion the flow version it runs on
 * @param graphHash   the graph hash of that version when the session started
 * @param runId       this run; a restart begins a new one
 * @param status      active, completed or cancelled
 * @param node        the node waiting for input (null unless active)
 * @param state       the merged state (empty once completed unless retention keeps it)
 * @param once        outcomes of {@code ctx.once} keys, for this run
 * @param answers     responses already given, by requestId (bounded, oldest first)
 * @param intent      the user's intent at start, or null
 * @param userId      the user the session belongs to, or null
 * @param createdAt   when the run started
 * @param itemSeq     seq of the last item appended to the session's log
 * @param turns       how many turns were saved; numbers the outbox entries
 * @param outbox      scope operations saved with a turn and not yet known to be applied
 */
record SessionRecord(String flowId, String flowVersion, String graphHash, String runId, SessionStatus status,
                     String node, ObjectNode state, ObjectNode once, ObjectNode answers, String intent,
                     String userId, Instant createdAt, long itemSeq, long turns, ArrayNode outbox) {

    boolean active() {
        return status == SessionStatus.ACTIVE;
    }

    SessionRecord withState(ObjectNode newState) {
        return new SessionRecord(flowId, flowVersion, graphHash, runId, status, node, newState, once, answers, intent,
                userId, createdAt, itemSeq, turns, outbox);
    }

    SessionRecord withItemSeq(long newItemSeq) {
        return new SessionRecord(flowId, flowVersion, graphHash, runId, status, node, state, once, answers, intent,
                userId, createdAt, newItemSeq, turns, outbox);
    }

    SessionRecord withOutbox(long newTurns, ArrayNode newOutbox) {
        return new SessionRecord(flowId, flowVersion, graphHash, runId, status, node, state, once, answers, intent,
                userId, createdAt, itemSeq, newTurns, newOutbox);
    }
}
