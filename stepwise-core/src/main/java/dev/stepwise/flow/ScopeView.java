package dev.stepwise.flow;

/**
 * A user or project scope as node code sees it during one call: the state shared with other
 * sessions, and writes to it. Writes are saved with the turn and applied to the shared record
 * after it, as merges and increments on the latest version, so a concurrent writer from another
 * session loses nothing. Only fields the flow declared for the scope can be written.
 */
public interface ScopeView {

    /** Whether this scope exists for the call (a user scope needs a user id from the host). */
    boolean available();

    /** The scope's state, including this call's own writes. Empty when not available. */
    State state();

    /**
     * Sets a declared field (checked and coerced like an answer).
     *
     * @throws IllegalArgumentException for an undeclared field or a refused value
     * @throws IllegalStateException when the scope is not available
     */
    void set(String path, Object value);

    /**
     * Adds {@code delta} to a declared number field (missing counts as 0); commutative, so
     * concurrent increments from several sessions all count.
     */
    void increment(String path, long delta);
}
