package dev.stepwise.engine;

/** Ends a turn with an error response; nothing of the turn is saved. */
final class TurnFailure extends RuntimeException {

    final ErrorCode code;

    TurnFailure(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
