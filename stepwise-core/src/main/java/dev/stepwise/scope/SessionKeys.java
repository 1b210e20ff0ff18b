package dev.stepwise.scope;

import dev.stepwise.store.StoreKey;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one layout of a session's stored id: {@code flowId + ":" + sessionId}. The session record,
 * its log, its session scope and its resources are all addressed through it, so sessions of
 * different flows never share an id, and listing one flow's sessions is a prefix scan.
 *
 * <p>Lives beside {@link ScopeRef} (below the engine) because session scopes use the same id.
 */
public final class SessionKeys {

    private static final char SEPARATOR = ':';

    private SessionKeys() {}

    /** The stored id of a session of a flow. */
    public static String id(String flowId, String sessionId) {
        return Objects.requireNonNull(flowId, "flowId") + SEPARATOR + Objects.requireNonNull(sessionId, "sessionId");
    }

    /** The key of a session's record (and of its log). */
    public static StoreKey key(String flowId, String sessionId) {
        return StoreKey.session(id(flowId, sessionId));
    }

    /** The prefix every stored id of {@code flowId}'s sessions starts with; empty for every flow (null). */
    public static String prefix(@Nullable String flowId) {
        return flowId == null ? "" : flowId + SEPARATOR;
    }

    /**
     * The session id within a stored id of a session of {@code flowId}.
     *
     * @throws IllegalArgumentException when {@code id} is not a session id of that flow
     */
    public static String sessionId(String flowId, String id) {
        String prefix = prefix(Objects.requireNonNull(flowId, "flowId"));
        if (!id.startsWith(prefix)) {
            throw new IllegalArgumentException("'" + id + "' is not a session id of flow '" + flowId + "'");
        }
        return id.substring(prefix.length());
    }
}
