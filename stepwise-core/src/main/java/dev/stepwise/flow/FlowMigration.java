package dev.stepwise.flow;

import dev.stepwise.json.Json;
import java.util.Objects;

/**
 * A declared move of the sessions of one flow version onto another: what a {@link FlowProvider}
 * lists so that a host can retire an old version without stranding the conversations on it. A
 * session of version {@code from} is migrated only when {@code from} itself is no longer served;
 * while it is, the session finishes on it.
 *
 * @param flowId    the flow
 * @param from      the version whose sessions move
 * @param to        the version they move onto; it must be served
 * @param migration where each session resumes and with what state
 */
public record FlowMigration(String flowId, String from, String to, Migration migration) {

    public FlowMigration {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(migration, "migration");
        if (from.equals(to)) {
            throw new IllegalArgumentException(
                    "migration of flow '" + flowId + "' from version " + from + " to itself");
        }
    }

    /**
     * Sends the sessions of {@code from} back to the start of {@code current}: they resume at the
     * node {@link Flow#START} leads to, with an empty state (the {@code restart} policy).
     *
     * @throws IllegalArgumentException when {@code current} starts with a conditional edge, so there is
     *     no single first node to restart at
     */
    public static FlowMigration restart(String from, Flow current) {
        if (!(current.edgeFrom(Flow.START) instanceof Edge.Direct first)) {
            throw new IllegalArgumentException("flow '" + current.id() + "' has no plain first edge to restart at");
        }
        String node = first.to();
        return new FlowMigration(
                current.id(), from, current.version(), (at, state) -> new Migration.Result(node, Json.object()));
    }
}
