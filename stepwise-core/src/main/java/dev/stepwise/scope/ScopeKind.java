package dev.stepwise.scope;

import dev.stepwise.store.RecordKind;
import java.util.Locale;

/**
 * What a scope belongs to: one session of one flow, one user, or the project (everyone of one
 * deployment). The {@link #label()} is what stored records carry, so it never changes.
 */
public enum ScopeKind {
    /** One session of one flow; its id is the session's stored id (see {@link SessionKeys}). */
    SESSION(RecordKind.SESSION),
    /** One user, shared by all of the user's sessions of every flow. */
    USER(RecordKind.USER),
    /** The project, shared by every user of a deployment. */
    PROJECT(RecordKind.PROJECT);

    private final RecordKind recordKind;

    ScopeKind(RecordKind recordKind) {
        this.recordKind = recordKind;
    }

    // computed once: the name is read on every turn
    private final String lowerCaseName = name().toLowerCase(Locale.ROOT);

    /** The stored form: {@code session}, {@code user} or {@code project}. */
    public String label() {
        return lowerCaseName;
    }

    /** The kind of the record that holds a scope of this kind's state. */
    public RecordKind recordKind() {
        return recordKind;
    }

    /**
     * The kind a stored label names.
     *
     * @throws IllegalArgumentException for any other label
     */
    public static ScopeKind of(String label) {
        for (ScopeKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("scope kind must be session, user or project, was '" + label + "'");
    }

    @Override
    public String toString() {
        return label();
    }
}
