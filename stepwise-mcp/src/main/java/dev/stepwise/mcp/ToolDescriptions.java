package dev.stepwise.mcp;

import dev.stepwise.flow.Flow;

/** The flow tool's description: the flow's own words plus the protocol note the model needs. */
final class ToolDescriptions {

    /** The longest description published, in chars; the flow's part is shortened to fit. */
    static final int MAX_LENGTH = 1_500;

    static final String PROTOCOL = """
            Protocol: call with action "start" (optional intent, context, and stateUpdates with anything \
            the user already said; a session in progress resumes unless restart: true). Every result has a status. "interrupt": ask the user `question` (or all \
            `questions` at once), then call action "continue" with stateUpdates {field: answer} typed as \
            fieldSchema says; a context starting "ERROR:" means the answer was rejected: explain and ask again. \
            "widget": call tool `tool` with `data`, then continue with the user's choice in stateUpdates. \
            "complete": done, see `result`. "cancelled": the session was abandoned. "error": read `error`; retry only if retryable. If a result has \
            sessionId, pass it as sessionId in every later call. "reset" with stateUpdates corrects earlier \
            answers; "cancel" abandons. A requestId makes a retried call safe.""";

    private ToolDescriptions() {}

    static String of(Flow flow) {
        String own = flow.description() == null
                ? (flow.title() == null ? flow.id() : flow.title())
                : flow.description().trim();
        int room = MAX_LENGTH - PROTOCOL.length() - 2;
        if (own.length() > room) {
            own = own.substring(0, room - 1).trim() + "…";
        }
        return own + "\n\n" + PROTOCOL;
    }
}
