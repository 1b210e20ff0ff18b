package dev.stepwise.store;

/**
 * The backend could not be reached, timed out or refused the call for now. Nothing was changed
 * that a retry could not repair: the write either did not happen or happened entirely.
 */
public class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The backend refused the call for now, with no exception of its own to tell why (it is full, say). */
    public StoreUnavailableException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
