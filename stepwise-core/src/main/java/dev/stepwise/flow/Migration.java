package dev.stepwise.flow;

import tools.jackson.databind.node.ObjectNode;

/**
 * Moves a live session from an old flow version onto a newer one: given the node it waits at and
 * its state, returns where and with what state it continues. Registered with
 * {@link FlowEngine.Builder#migration(String, String, String, Migration)}.
 */
@FunctionalInterface
public interface Migration {

    /**
     * Moves a waiting session from the old version to the new one.
     *
     * @param node  the node the session waits at, in the old version
     * @param state a private copy of the session's state, free to modify
     * @return the node of the new version to resume at, and the state to resume with
     */
    Result migrate(String node, ObjectNode state);

    /** Where a migrated session resumes. */
    record Result(String node, ObjectNode state) {}
}
