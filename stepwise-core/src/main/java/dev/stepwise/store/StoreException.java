package dev.stepwise.store;

import org.jspecify.annotations.Nullable;

/**
 * A store operation failed. Subclasses say whether a retry can help.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /** Whether the same call may succeed later (the backend was unreachable or busy). */
    public boolean retryable() {
        return false;
    }
}
