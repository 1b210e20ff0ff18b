package dev.stepwise.engine;

import java.util.Objects;

/** Ends a turn with an error response; nothing of the turn is saved. */
final class TurnFailure extends RuntimeException {

    final ErrorCode code;

    /** The message given at construction (never null). */
    String text() {
        return Objects.requireNonNullElse(getMessage(), code.name());
    }

    TurnFailure(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
