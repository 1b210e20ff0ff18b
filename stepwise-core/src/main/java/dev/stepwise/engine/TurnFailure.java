package dev.stepwise.engine;

import java.util.Objects;

/** Ends a turn with an error response; nothing of the turn is saved. */
sealed class TurnFailure extends RuntimeException permits TurnFailure.Stale {

    /**
     * The turn found, before running a {@code ctx.once} body, that the stored record is no longer the
     * one it ran on (or the one it remembered without reading): another writer changed it. Its save
     * would lose, and the body must not run on inputs taken from a record the store no longer holds,
     * so the turn is dropped and runs again on a fresh read. Never reaches the caller.
     */
    static final class Stale extends TurnFailure {
        Stale() {
            super(ErrorCode.CONFLICT, "the session changed since the turn loaded it");
        }
    }

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
