package dev.stepwise.scope;

import dev.stepwise.store.StoreKey;
import java.util.Objects;

/**
 * Names a scope that state and resources attach to: a session (of one flow), a user, or a project.
 *
 * @param kind {@code session}, {@code user} or {@code project}
 * @param id   the scope's id ({@code flowId:sessionId} for a session)
 */
public record ScopeRef(String kind, String id) {

    public ScopeRef {
        Objects.requireNonNull(kind, "kind");
        if (!kind.equals("session") && !kind.equals("user") && !kind.equals("project")) {
            throw new IllegalArgumentException("scope kind must be session, user or project, was '" + kind + "'");
        }
        StoreKey.checkId(id);
    }

    public static ScopeRef session(String flowId, String sessionId) {
        return new ScopeRef("session", flowId + ":" + sessionId);
    }

    public static ScopeRef user(String userId) {
        return new ScopeRef("user", userId);
    }

    public static ScopeRef project(String projectId) {
        return new ScopeRef("project", projectId);
    }

    /** The prefix of the store ids of this scope's resources. */
    String resourcePrefix() {
        return kind + ":" + id.length() + ":" + id + "/";
    }

    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
