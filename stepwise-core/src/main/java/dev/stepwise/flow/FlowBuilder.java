package dev.stepwise.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a {@link Flow}. Add nodes and edges in any order; {@link #build()} checks the whole graph.
 *
 * <pre>{@code
 * Flow flow = Flow.builder("greeting")
 *     .title("Greeting").description("Says hello")
 *     .state(StateSchema.builder().string("name", "Your name").build())
 *     .ask("ask_name", a -> a.question("name", "What's your name?"))
 *     .action("greet", ctx -> Patch.of("greeting", "Hello " + ctx.state().getString("name")))
 *     .edge(Flow.START, "ask_name").edge("ask_name", "greet").edge("greet", Flow.END)
 *     .build();
 * }</pre>
 */
public final class FlowBuilder {

    final String id;
    String version = "1";

    @Nullable String title;

    @Nullable String description;

    StateSchema schema = StateSchema.builder().build();
    StateSchema userSchema = StateSchema.builder().build();
    StateSchema projectSchema = StateSchema.builder().build();
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Map<String, Edge> edges = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();

    @Nullable Function<State, Object> result;

    Duration sessionTtl = Duration.ofHours(24);
    int loopLimit = 50;

    @Nullable ObjectNode annotations;

    FlowBuilder(String id) {
        this.id = id;
    }

    public FlowBuilder version(String value) {
        this.version = value;
        return this;
    }

    public FlowBuilder title(String value) {
        this.title = value;
        return this;
    }

    /** What the flow does, for the model; the MCP layer appends the protocol note. */
    public FlowBuilder description(String value) {
        this.description = value;
        return this;
    }

    public FlowBuilder state(StateSchema value) {
        this.schema = value;
        return this;
    }

    /** The state schema from a record's components (see {@link Describe}). */
    public FlowBuilder state(Class<? extends Record> type) {
        this.schema = StateSchema.of(type);
        return this;
    }

    /** The user-scope fields this flow reads and writes. */
    public FlowBuilder userScope(StateSchema value) {
        this.userSchema = value;
        return this;
    }

    /** The project-scope fields this flow reads and writes. */
    public FlowBuilder projectScope(StateSchema value) {
        this.projectSchema = value;
        return this;
    }

    /** An ask node with fixed questions. */
    public FlowBuilder ask(String nodeId, UnaryOperator<Ask.Builder> questions) {
        return node(new Node.AskNode(nodeId, questions.apply(Ask.builder()).build(), null));
    }

    /** An ask node whose questions (and validators) are built per call from the session's context. */
    public FlowBuilder askWith(String nodeId, Function<NodeContext, Ask> questions) {
        return node(new Node.AskNode(nodeId, null, questions));
    }

    public FlowBuilder action(String nodeId, Action action) {
        return node(new Node.ActionNode(nodeId, action));
    }

    /** A widget node: the model calls display tool {@code tool} with the node's data. */
    public FlowBuilder widget(String nodeId, String tool, UnaryOperator<WidgetSpec> spec) {
        WidgetSpec w = spec.apply(new WidgetSpec());
        return node(new Node.WidgetNode(nodeId, tool, w.data, w.field, w.interactive, w.description));
    }

    public FlowBuilder node(Node node) {
        if (nodes.putIfAbsent(node.id(), node) != null) {
            problems.add("duplicate node id '" + node.id() + "'");
        }
        return this;
    }

    /** The only way out of {@code from}: always to {@code to}. */
    public FlowBuilder edge(String from, String to) {
        return addEdge(new Edge.Direct(from, to));
    }

    /** The only way out of {@code from}: to whichever of {@code targets} the router returns. */
    public FlowBuilder branch(String from, List<String> targets, Router router) {
        return addEdge(new Edge.Conditional(from, targets, router));
    }

    private FlowBuilder addEdge(Edge edge) {
        if (edges.putIfAbsent(edge.from(), edge) != null) {
            problems.add("node '" + edge.from() + "' has more than one outgoing edge; use branch(...) to choose");
        }
        return this;
    }

    /** Maps the final state to the {@code result} of the complete response (default: the whole state). */
    public FlowBuilder result(Function<State, Object> mapping) {
        this.result = mapping;
        return this;
    }

    /** How long a session stays alive after its last turn (default 24 hours). */
    public FlowBuilder sessionTtl(Duration value) {
        this.sessionTtl = value;
        return this;
    }

    /** Most node executions per call (default 50). */
    public FlowBuilder loopLimit(int value) {
        this.loopLimit = value;
        return this;
    }

    /** MCP tool annotations passed through to the tool definition. */
    public FlowBuilder annotations(ObjectNode value) {
        this.annotations = value;
        return this;
    }

    /**
     * Validates and builds the flow.
     *
     * @throws FlowDefinitionException listing every problem found
     */
    public Flow build() {
        List<String> all = new ArrayList<>(problems);
        all.addAll(FlowChecks.check(this));
        if (!all.isEmpty()) {
            throw new FlowDefinitionException(String.valueOf(id), all);
        }
        return new Flow(this);
    }

    /** Options of a widget node. */
    public static final class WidgetSpec {
        @Nullable Function<NodeContext, Object> data;

        @Nullable String field;

        boolean interactive = true;

        @Nullable String description;

        WidgetSpec() {}

        /** Computes the data passed to the display tool (any JSON-convertible value). */
        public WidgetSpec data(Function<NodeContext, Object> value) {
            this.data = value;
            return this;
        }

        /** A field the widget must fill; the flow re-shows the widget until it is filled. */
        public WidgetSpec field(String value) {
            this.field = value;
            return this;
        }

        /** Display only: the model shows it and continues at once. */
        public WidgetSpec displayOnly() {
            this.interactive = false;
            return this;
        }

        /** Extra instruction for the model. */
        public WidgetSpec description(String value) {
            this.description = value;
            return this;
        }
    }
}
