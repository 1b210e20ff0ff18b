package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Node;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the engine tells the model about one registered flow version's fields and widgets, worked
 * out once rather than on every turn: a field's {@code fieldSchema} hint and a widget's
 * description depend on the flow alone. Shared by every turn on the flow; the hints are never
 * changed, and responses hand out copies of them.
 */
final class FlowTexts {

    private final Flow flow;
    private final Map<String, String> widgetDescriptions = new HashMap<>();
    // filled as fields are asked: only declared paths get in (a hint of any other throws), so it
    // holds at most one hint per path the flow's schema declares
    private final ConcurrentHashMap<String, ObjectNode> hints = new ConcurrentHashMap<>();

    FlowTexts(Flow flow) {
        this.flow = flow;
        for (Node node : flow.nodes()) {
            if (node instanceof Node.WidgetNode widget) {
                widgetDescriptions.put(widget.id(), ModelTexts.widgetDescription(widget));
            }
        }
    }

    /**
     * The {@code fieldSchema} hint of a declared field path, shared: callers must not change it.
     *
     * @throws IllegalArgumentException when the flow declares no such field
     */
    ObjectNode hint(String path) {
        // a plain get first: computeIfAbsent locks the bin of a present key that is not first in it,
        // and request threads asking the same few paths were seen waiting on that lock
        ObjectNode hint = hints.get(path);
        return hint != null ? hint : hints.computeIfAbsent(path, flow.schema()::hint);
    }

    /** What the model must do with one of this flow's widgets. */
    String widgetDescription(Node.WidgetNode node) {
        return Objects.requireNonNull(widgetDescriptions.get(node.id()), node.id());
    }
}
