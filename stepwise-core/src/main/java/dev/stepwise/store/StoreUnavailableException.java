package dev.stepwise.store;

/**
 * The backend could not be reached, timed out or refused the call for now. Nothing was changed
 * that a retry could not repair: the write either did not happen or happened entirely.
 */
public class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
