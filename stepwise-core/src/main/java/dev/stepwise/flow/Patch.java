package dev.stepwise.flow;

import dev.stepwise.internal.json.JsonPaths;
import dev.stepwise.internal.json.PlainTrees;
import dev.stepwise.json.Json;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A change to state that an action or validator returns. Applied as a deep merge: objects merge
 * member by member, arrays and scalars replace. Immutable; {@link #with} returns a new patch.
 */
public final class Patch {

    private static final Patch EMPTY = new Patch(Json.object());

    private final ObjectNode changes;

    private Patch(ObjectNode changes) {
        this.changes = changes;
    }

    /** No change. */
    public static Patch empty() {
        return EMPTY;
    }

    /** Sets one field or dot path to a value (any type Jackson can convert to JSON). */
    public static Patch of(String path, Object value) {
        return EMPTY.with(path, value);
    }

    /** A patch from a map, record or bean whose properties are state fields. */
    public static Patch from(Object fields) {
        JsonNode node = PlainTrees.of(fields);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a patch must be an object of fields, not " + node.getNodeType());
        }
        return new Patch(object);
    }

    /** This patch plus one more field. */
    public Patch with(String path, Object value) {
        ObjectNode copy = changes.deepCopy();
        JsonPaths.set(copy, path, value instanceof JsonNode node ? node.deepCopy() : PlainTrees.of(value));
        return new Patch(copy);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * Deep-merges this patch into {@code state}, in place: objects merge member by member, arrays
     * and scalars replace. The state takes copies, so it never shares a node with this patch.
     */
    public void applyTo(ObjectNode state) {
        JsonPaths.merge(Objects.requireNonNull(state, "state"), changes);
    }

    /** The changes as a JSON object (a copy). */
    public ObjectNode toJson() {
        return changes.deepCopy();
    }

    @Override
    public String toString() {
        return Json.text(changes);
    }
}
