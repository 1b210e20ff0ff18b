package dev.stepwise.engine;

import dev.stepwise.flow.Node;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every text the engine addresses to the model: error messages and the context and descriptions of
 * questions and widgets. They are part of the wire contract (docs/contract.md), which a model reads
 * and acts on, so they live here, in one place, and change only with the contract.
 */
final class ModelTexts {

    /** Starts the context of a question asked again, or of a response, after a rejected value. */
    static final String ERROR_PREFIX = "ERROR: ";

    private ModelTexts() {}

    // the call

    static String unknownFlow(String flowId, Collection<String> running) {
        return "unknown flow '" + flowId + "'; this server runs: " + String.join(", ", running);
    }

    static String needsSessionId(CallAction action) {
        return "action \"" + action.wireName()
                + "\" needs a sessionId: pass the sessionId returned by the previous response";
    }

    static String unexpectedFailure(RuntimeException e) {
        return "unexpected failure (" + e.getClass().getSimpleName() + "); nothing was saved";
    }

    static String keptChanging(String sessionId, int attempts) {
        return "session '" + sessionId + "' kept changing under concurrent calls (" + attempts
                + " attempts); nothing was saved by this call; retry it";
    }

    static String unreadableSession(String sessionId, @Nullable String reason) {
        return "the stored session '" + sessionId + "' cannot be read (" + detail(reason)
                + "). Other sessions are unaffected; call start with restart: true to replace it.";
    }

    static String anotherUsersSession(String sessionId) {
        return "session '" + sessionId + "' belongs to another user";
    }

    static String sessionNotFound(String sessionId) {
        return "Flow state not found for session \"" + sessionId
                + "\". It may have expired. Use action \"start\" to begin again.";
    }

    static String flowEnded(SessionStatus status) {
        String how = status == SessionStatus.CANCELLED ? "was cancelled" : "has already completed";
        return "This flow " + how + ". Use action \"start\" to begin a new one.";
    }

    static String resetNeedsUpdates() {
        return "action \"reset\" needs stateUpdates with the corrected field(s)";
    }

    static String recordTooLarge(int bytes, int limit) {
        return "the session would grow to " + bytes + " bytes, over the limit of " + limit + "; nothing was saved";
    }

    static String storeUnavailable(@Nullable String reason) {
        return "the session store is unavailable (" + detail(reason)
                + "); nothing was saved. Retry the same call shortly.";
    }

    static String storeFailed(@Nullable String reason) {
        return "the session store failed: " + detail(reason);
    }

    // the input

    static String sessionIdTooLong(int length, int limit) {
        return "sessionId is " + length + " characters long; the limit is " + limit;
    }

    static String sessionIdControlCharacter(int index) {
        return "sessionId contains a control character at index " + index
                + "; pass the sessionId exactly as an earlier response returned it";
    }

    static String sessionIdEdgeSpace() {
        return "sessionId starts or ends with a space; pass it exactly as an earlier response returned it";
    }

    static String sessionIdUnusable(@Nullable String reason) {
        return "sessionId is not usable: " + detail(reason).replace("record id", "it");
    }

    static String requestIdLength(int limit) {
        return "requestId must be 1.." + limit + " characters";
    }

    static String updatesTooLarge(int bytes, int limit) {
        return "stateUpdates is " + bytes + " bytes; the limit is " + limit;
    }

    static String computedFields(List<String> computed) {
        return "stateUpdates sets " + quoteAll(computed) + ", which the flow computes itself; nothing was"
                + " saved. Send only the user's answers.";
    }

    // exactly-once: claims on requestIds and once keys

    static String answersFull(int kept, int limit, Duration window) {
        return "this session keeps " + kept + " bytes of answers for requestId replay (limit " + limit
                + ") and none is older than the idempotency window of " + window + "; nothing was saved. Call"
                + " without a requestId, or start a new session.";
    }

    static String requestInProgress() {
        return "a call with this requestId is still running on this session; nothing was saved by"
                + " this one. Retry the same call (same requestId) to get its answer.";
    }

    static String onceInProgress(String onceKey) {
        return "another call on this session is running the once-only step '" + onceKey
                + "'; nothing was saved by this call. Retry it shortly.";
    }

    static String onceClaimConflict(String onceKey) {
        return "the session kept changing while this call claimed its once-only step '" + onceKey
                + "'; nothing was saved. Retry the call.";
    }

    static String undeclaredFields(List<String> undeclared, Collection<String> declared) {
        return "stateUpdates has undeclared field" + (undeclared.size() > 1 ? "s " : " ") + quoteAll(undeclared)
                + "; nothing was saved. Declared fields: " + String.join(", ", declared) + ".";
    }

    // the graph

    static String loopLimit(String flowId, int limit, String position) {
        return "flow '" + flowId + "' ran " + limit + " nodes in one call without pausing (last: '" + position
                + "'); nothing was saved. The flow's loop needs an exit the current state can reach.";
    }

    static String noSuchNode(String flowId, String version, String position) {
        return "flow '" + flowId + "' version " + version + " has no node '" + position + "'";
    }

    static String undeclaredAsk(String nodeId, String field) {
        return "ask node '" + nodeId + "' asked undeclared field '" + field + "'";
    }

    static String noEdge(String nodeId) {
        return "no edge leaves node '" + nodeId + "' of this flow; nothing was saved";
    }

    static String undeclaredBranch(String nodeId, String target, List<String> targets) {
        return "the branch after node '" + nodeId + "' chose '" + target
                + "', which is not one of its declared targets " + targets + "; nothing was saved";
    }

    static String resultFailed(String flowId, @Nullable String reason) {
        return "the result mapping of flow '" + flowId + "' failed: " + detail(reason) + "; nothing was saved";
    }

    static String nodeFailed(String nodeId, @Nullable String reason) {
        return "node '" + nodeId + "' failed: " + detail(reason)
                + ". Nothing of this call was saved; the session still waits where it was.";
    }

    // versions

    static String migrationFailed(String sessionId, String fromVersion, @Nullable String reason) {
        return "the migration of session '" + sessionId + "' from version " + fromVersion + " failed: " + detail(reason)
                + "; nothing was saved";
    }

    static String migrationLacksNode(String sessionId, String version, String node) {
        return "the migration of session '" + sessionId + "' to version " + version + " resumes at node '" + node
                + "', which that version lacks";
    }

    static String versionGone(String sessionId, String flowId, String version, boolean stillRegistered) {
        String why = stillRegistered ? "whose graph has changed since" : "which this server no longer runs";
        return "session '" + sessionId + "' was started on flow '" + flowId + "' version " + version + ", " + why
                + ", and no migration is registered. Call start with restart: true to begin again.";
    }

    // questions and widgets

    /** A question's context: why its last answer was refused, if it was, then the flow's own context. */
    static @Nullable String questionContext(@Nullable String refusal, @Nullable String context) {
        if (refusal == null) {
            return context;
        }
        return ERROR_PREFIX + refusal + (context == null ? "" : "\n\n" + context);
    }

    /**
     * An interrupt's context: the ask's own context, then each refused value not asked again.
     *
     * @return null when there is nothing to say
     */
    static @Nullable String interruptContext(@Nullable String askContext, Map<String, String> refusedElsewhere) {
        if (refusedElsewhere.isEmpty()) {
            return askContext == null || askContext.isEmpty() ? null : askContext;
        }
        StringBuilder context = new StringBuilder(askContext == null ? "" : askContext);
        refusedElsewhere.forEach((field, reason) -> context.append(context.length() == 0 ? "" : "\n\n")
                .append(ERROR_PREFIX)
                .append(reason)
                .append(" (this value was not saved)"));
        return context.length() == 0 ? null : context.toString();
    }

    /** What the model must do with a widget: call its display tool, then this flow again. */
    static String widgetDescription(Node.WidgetNode node) {
        StringBuilder description = new StringBuilder();
        description.append("Call ").append(node.tool());
        if (node.interactive()) {
            description.append(" now to display the widget, then call this flow again with action \"continue\"");
            if (node.field() != null) {
                description.append(" and the user's choice in stateUpdates.").append(node.field());
            }
            description.append('.');
        } else {
            description.append(
                    " now to display the widget, then immediately call this flow again with action \"continue\".");
        }
        if (node.description() != null) {
            description.append(' ').append(node.description());
        }
        return description.toString();
    }

    /** A widget's rejected answer: in the response's context, so the description stays the widget's own. */
    static @Nullable String widgetRefusal(@Nullable String refusal) {
        return refusal == null ? null : ERROR_PREFIX + refusal;
    }

    /** An exception's message for a text, or a plain phrase when it has none (never "null"). */
    private static String detail(@Nullable String reason) {
        return reason == null || reason.isBlank() ? "no detail given" : reason;
    }

    private static String quoteAll(List<String> names) {
        return "'" + String.join("', '", names) + "'";
    }
}
