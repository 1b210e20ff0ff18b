package dev.stepwise.flow;

/**
 * Thrown by a {@link Validator} to reject an answer. The field is cleared and asked again, with
 * {@code ERROR: <reason>} in the question's context; write the reason for the user.
 */
public class InvalidAnswer extends RuntimeException {

    public InvalidAnswer(String reason) {
        super(reason, null, false, false);
    }

    /** Rejects an answer; use as {@code throw InvalidAnswer.because("...")}. */
    public static InvalidAnswer because(String reason) {
        return new InvalidAnswer(reason);
    }
}
