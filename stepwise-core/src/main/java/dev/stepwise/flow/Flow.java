package dev.stepwise.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * An immutable, validated flow definition: a typed state schema and a graph of ask, action and
 * widget nodes. Build one with {@link #builder(String)}; {@code build()} refuses an invalid graph
 * with a {@link FlowDefinitionException} listing every problem.
 */
public final class Flow {

    /** The virtual node every flow starts from. */
    public static final String START = "__start__";

    /** The virtual node that completes a flow. */
    public static final String END = "__end__";

    private final String id;
    private final String version;
    private final @Nullable String title;
    private final String description;
    private final StateSchema schema;
    private final StateSchema userSchema;
    private final StateSchema projectSchema;
    private final Map<String, Node> nodes;
    private final Map<String, Edge> edges;
    private final @Nullable Function<State, Object> result;
    private final Duration sessionTtl;
    private final int loopLimit;
    private final @Nullable ObjectNode annotations;
    private final String graphHash;

    Flow(FlowBuilder b) {
        this.id = b.id;
        this.version = b.version;
        this.title = b.title;
        this.description = Objects.requireNonNull(b.description, "checked: a flow has a description");
        this.schema = b.schema;
        this.userSchema = b.userSchema;
        this.projectSchema = b.projectSchema;
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(b.nodes));
        this.edges = Collections.unmodifiableMap(new LinkedHashMap<>(b.edges));
        this.result = b.result;
        this.sessionTtl = b.sessionTtl;
        this.loopLimit = b.loopLimit;
        this.annotations = b.annotations == null ? null : b.annotations.deepCopy();
        this.graphHash = FlowGraph.hash(this);
    }

    private Flow(Flow base, Duration sessionTtl, int loopLimit) {
        this.id = base.id;
        this.version = base.version;
        this.title = base.title;
        this.description = base.description;
        this.schema = base.schema;
        this.userSchema = base.userSchema;
        this.projectSchema = base.projectSchema;
        this.nodes = base.nodes;
        this.edges = base.edges;
        this.result = base.result;
        this.sessionTtl = sessionTtl;
        this.loopLimit = loopLimit;
        this.annotations = base.annotations;
        this.graphHash = base.graphHash;
    }

    public static FlowBuilder builder(String id) {
        return new FlowBuilder(id);
    }

    /** The flow id; also the MCP tool name. */
    public String id() {
        return id;
    }

    /** The flow's version; sessions remember the version they started on. */
    public String version() {
        return version;
    }

    public @Nullable String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public StateSchema schema() {
        return schema;
    }

    /** The user-scope fields the flow reads and writes (empty if none). */
    public StateSchema userSchema() {
        return userSchema;
    }

    /** The project-scope fields the flow reads and writes (empty if none). */
    public StateSchema projectSchema() {
        return projectSchema;
    }

    /** Nodes in declaration order. */
    public Collection<Node> nodes() {
        return nodes.values();
    }

    /** The node with this id; null when the flow has none. */
    public @Nullable Node node(String nodeId) {
        return nodes.get(nodeId);
    }

    /** The edge leaving a node (or {@link #START}); null when none leaves it. */
    public @Nullable Edge edgeFrom(String nodeId) {
        return edges.get(nodeId);
    }

    /** Edges in declaration order. */
    public Collection<Edge> edges() {
        return edges.values();
    }

    /** Maps the final state to the result returned on completion; null returns the whole state. */
    public @Nullable Function<State, Object> result() {
        return result;
    }

    /** How long a session stays alive after its last turn. */
    public Duration sessionTtl() {
        return sessionTtl;
    }

    /** Most node executions one call may make before it fails with {@code LOOP_LIMIT}. */
    public int loopLimit() {
        return loopLimit;
    }

    /**
     * This flow with another session TTL and loop limit, for a host that sets them when it deploys a
     * flow rather than where the flow is written (the server's {@code --session-ttl} and
     * {@code --loop-limit}). Everything else is this flow's, its {@link #graphHash()} included, so
     * sessions started on either run on the other; this flow is unchanged.
     *
     * @param sessionTtl how long a session stays alive after its last turn; positive
     * @param loopLimit  most node executions per call; 1 to 10,000
     * @throws IllegalArgumentException naming the value that is out of range
     */
    public Flow withLimits(Duration sessionTtl, int loopLimit) {
        List<String> problems = new ArrayList<>();
        FlowChecks.limitProblems(sessionTtl, loopLimit, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Flow(this, sessionTtl, loopLimit);
    }

    /** MCP tool annotations to pass through (a copy); null when the flow sets none. */
    public @Nullable ObjectNode annotations() {
        return annotations == null ? null : annotations.deepCopy();
    }

    /**
     * A hash of the graph's structure (nodes, kinds, edges, asked fields, state schema). Sessions
     * record it; a session whose hash differs from its flow version's is never run on it.
     */
    public String graphHash() {
        return graphHash;
    }

    /** The graph as a Mermaid flowchart. */
    public String toMermaid() {
        return FlowGraph.mermaid(this);
    }

    /** The graph as JSON: id, version, nodes with their kinds, edges. */
    public ObjectNode toJson() {
        return FlowGraph.json(this, true);
    }

    @Override
    public String toString() {
        return "Flow[" + id + " v" + version + "]";
    }
}
