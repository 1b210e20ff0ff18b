package dev.stepwise.engine;

import java.util.Locale;

/** Where a session is in its life. */
public enum SessionStatus {
    /** Waiting for an answer or a widget. */
    ACTIVE,
    /** Reached END; only a marker remains until its retention ends. */
    COMPLETED,
    /** Cancelled by the caller; only a marker remains until its retention ends. */
    CANCELLED;

    // computed once: the name is read on every turn
    private final String lowerCaseName = name().toLowerCase(Locale.ROOT);

    /** Lower-case name, as stored in the record's listing attributes. */
    public String label() {
        return lowerCaseName;
    }
}
