package dev.stepwise.flow;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A node of a flow graph. Its kind is declared by its type, never guessed from its code. */
public sealed interface Node {

    Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    String id();

    /** {@code ask}, {@code action} or {@code widget}. */
    String kind();

    /**
     * Asks the user for one or more fields.
     *
     * @param id      node id
     * @param fixed   the questions, when they do not depend on state (checked at build time)
     * @param dynamic builds the questions from the call's context, when they do; null otherwise
     */
    record AskNode(String id, @Nullable Ask fixed, @Nullable Function<NodeContext, Ask> dynamic) implements Node {
        public AskNode {
            checkId(id);
            if ((fixed == null) == (dynamic == null)) {
                throw new IllegalArgumentException("ask node '" + id + "' needs either fixed or dynamic questions");
            }
        }

        @Override
        public String kind() {
            return "ask";
        }

        /** The ask for this call. */
        public Ask ask(NodeContext ctx) {
            if (fixed != null) {
                return fixed;
            }
            Function<NodeContext, Ask> build = Objects.requireNonNull(dynamic, "dynamic");
            return Objects.requireNonNull(build.apply(ctx), "ask node '" + id + "' built no questions");
        }
    }

    /** Runs code that returns a state patch. */
    record ActionNode(String id, Action action) implements Node {
        public ActionNode {
            checkId(id);
            Objects.requireNonNull(action, "action");
        }

        @Override
        public String kind() {
            return "action";
        }
    }

    /**
     * Has the model call a display tool with data.
     *
     * @param tool        the display tool's name
     * @param data        computes the data to pass, or null for none
     * @param field       a field the widget must fill before the flow moves on, or null
     * @param interactive whether the user interacts with the widget (false: display only)
     * @param description extra instruction for the model, or null
     */
    record WidgetNode(
            String id,
            String tool,
            @Nullable Function<NodeContext, Object> data,
            @Nullable String field,
            boolean interactive,
            @Nullable String description)
            implements Node {
        public WidgetNode {
            checkId(id);
            if (tool == null || !ID.matcher(tool).matches()) {
                throw new IllegalArgumentException(
                        "widget node '" + id + "' needs a tool name matching " + ID.pattern());
            }
        }

        @Override
        public String kind() {
            return "widget";
        }
    }

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("node id '" + id + "' must match " + ID.pattern());
        }
        if (id.equals(Flow.START) || id.equals(Flow.END)) {
            throw new IllegalArgumentException("node id '" + id + "' is reserved");
        }
    }
}
