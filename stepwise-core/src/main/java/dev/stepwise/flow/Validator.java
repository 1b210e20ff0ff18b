package dev.stepwise.flow;

import tools.jackson.databind.JsonNode;

/**
 * Checks one answered question once every question of its node is answered. It may return a
 * patch that normalises or enriches state, or throw {@link InvalidAnswer} to re-ask the field.
 * A validator belongs to the node (or to the ask built for one call); it never runs for another
 * session.
 */
@FunctionalInterface
public interface Validator {

    /**
     * Checks an answer beyond its declared type, and may derive state from it.
     *
     * @param value the answer, already checked against the field's declared type
     * @param ctx   the call's context
     * @return changes to apply, or {@link Patch#empty()} (null is treated as empty)
     */
    Patch validate(JsonNode value, NodeContext ctx);
}
