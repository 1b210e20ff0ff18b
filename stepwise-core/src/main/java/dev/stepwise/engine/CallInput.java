package dev.stepwise.engine;

import dev.stepwise.internal.json.EncodedSize;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** Checks a call's input before anything is loaded: ids usable as keys, well-shaped JSON, sizes. */
final class CallInput {

    private static final int MAX_REQUEST_ID = 128;

    /**
     * A refused input: the error code and the message the model gets.
     *
     * @param sessionIdRefused the session id itself is refused: the answer must not echo it (it may
     *     be huge, or crafted to look like another session's)
     */
    record Problem(ErrorCode code, String message, boolean sessionIdRefused) {}

    private CallInput() {}

    /** The problem with {@code call} for session {@code sessionId}, or null when there is none. */
    static @Nullable Problem check(FlowCall call, String sessionId, int maxUpdateBytes) {
        String idProblem = SessionIdRules.problem(sessionId);
        if (idProblem != null) {
            return new Problem(ErrorCode.INVALID_INPUT, idProblem, true);
        }
        String problem = shape(call);
        if (problem != null) {
            return new Problem(ErrorCode.INVALID_INPUT, problem, false);
        }
        OptionalInt size = EncodedSize.beyond(call.stateUpdates(), maxUpdateBytes);
        if (size.isPresent()) {
            return new Problem(
                    ErrorCode.PAYLOAD_TOO_LARGE, ModelTexts.updatesTooLarge(size.getAsInt(), maxUpdateBytes), false);
        }
        return null;
    }

    private static @Nullable String shape(FlowCall call) {
        if (call.requestId() != null
                && (call.requestId().isEmpty() || call.requestId().length() > MAX_REQUEST_ID)) {
            return ModelTexts.requestIdLength(MAX_REQUEST_ID);
        }
        String shape = InputShape.problem(call.stateUpdates(), "stateUpdates");
        if (shape == null) {
            shape = InputShape.problem(call.intent(), "intent");
        }
        if (shape == null) {
            shape = InputShape.problem(call.context(), "context");
        }
        if (shape == null) {
            shape = InputShape.problem(call.requestId(), "requestId");
        }
        return shape;
    }
}
