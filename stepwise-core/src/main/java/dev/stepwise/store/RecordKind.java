package dev.stepwise.store;

import java.util.Locale;

/**
 * The kind of record a {@link StoreKey} names. Stores may keep each kind in its own table,
 * collection or key space; ids of different kinds never collide.
 */
public enum RecordKind {
    /** A flow session: one per (flow id, session id). */
    SESSION,
    /** A user scope shared by all sessions of one user. */
    USER,
    /** A project scope shared by all users of one deployment or tenant. */
    PROJECT,
    /** Named content attached to a session, user or project scope. */
    RESOURCE;

    // computed once: the name is read on every turn
    private final String lowerCaseName = name().toLowerCase(Locale.ROOT);

    /** Lower-case name, usable in table names, key prefixes and file paths. */
    public String label() {
        return lowerCaseName;
    }
}
