package dev.stepwise.scope;

import dev.stepwise.store.StoreKey;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Names a scope that state and resources attach to: a session (of one flow), a user, or a project.
 *
 * @param kind what the scope belongs to
 * @param id   the scope's id (a session's stored id, {@link SessionKeys#id}, for a session)
 */
public record ScopeRef(ScopeKind kind, String id) {

    public ScopeRef {
        Objects.requireNonNull(kind, "kind");
        StoreKey.checkId(id);
    }

    public static ScopeRef session(String flowId, String sessionId) {
        return new ScopeRef(ScopeKind.SESSION, SessionKeys.id(flowId, sessionId));
    }

    public static ScopeRef user(String userId) {
        return new ScopeRef(ScopeKind.USER, userId);
    }

    public static ScopeRef project(String projectId) {
        return new ScopeRef(ScopeKind.PROJECT, projectId);
    }

    /** The user this scope belongs to (the owner stored with its records), or null for other kinds. */
    public @Nullable String userId() {
        return kind == ScopeKind.USER ? id : null;
    }

    /** The prefix of the store ids of this scope's resources. */
    String resourcePrefix() {
        return kind.label() + ":" + id.length() + ":" + id + "/";
    }

    @Override
    public String toString() {
        return kind.label() + ":" + id;
    }
}
