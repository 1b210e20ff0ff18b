package dev.stepwise.flow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checks {@link FlowBuilder#build()} runs; each failure is one precise sentence. */
final class FlowChecks {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private FlowChecks() {}

    static List<String> check(FlowBuilder b) {
        List<String> problems = new ArrayList<>();
        if (b.id == null || !Node.ID.matcher(b.id).matches()) {
            problems.add("flow id '" + b.id + "' must match " + Node.ID.pattern() + " (it is the MCP tool name)");
        }
        if (b.version == null || !VERSION.matcher(b.version).matches()) {
            problems.add("version '" + b.version + "' must match " + VERSION.pattern());
        }
        if (b.description == null || b.description.isBlank()) {
            problems.add("description is missing; the model reads it to decide when to use the flow");
        }
        if (b.schema == null) {
            problems.add("state schema is missing");
        }
        limitProblems(b.sessionTtl, b.loopLimit, problems);
        checkEdges(b, problems);
        if (b.schema != null) {
            checkFields(b, problems);
        }
        return problems;
    }

    /** The problems of a session TTL and loop limit, shared by the builder and {@link Flow#withLimits}. */
    static void limitProblems(@Nullable Duration sessionTtl, int loopLimit, List<String> problems) {
        if (sessionTtl == null || sessionTtl.isNegative() || sessionTtl.isZero()) {
            problems.add("sessionTtl must be positive, was " + sessionTtl);
        }
        if (loopLimit < 1 || loopLimit > 10_000) {
            problems.add("loopLimit must be 1..10000, was " + loopLimit);
        }
    }

    private static void checkEdges(FlowBuilder b, List<String> problems) {
        if (!b.edges.containsKey(Flow.START)) {
            problems.add("no edge from START; add edge(Flow.START, \"<first node>\")");
        }
        for (Edge edge : b.edges.values()) {
            if (!edge.from().equals(Flow.START) && !b.nodes.containsKey(edge.from())) {
                problems.add("edge from unknown node '" + edge.from() + "'");
            }
            if (edge.targets().isEmpty()) {
                problems.add("branch from '" + edge.from() + "' declares no targets");
            }
            for (String target : edge.targets()) {
                if (target.equals(Flow.START)) {
                    problems.add("edge from '" + edge.from() + "' leads to START; loop back to a node instead");
                } else if (!target.equals(Flow.END) && !b.nodes.containsKey(target)) {
                    String what = edge instanceof Edge.Conditional ? "branch target" : "edge target";
                    problems.add(what + " '" + target + "' from '" + edge.from() + "' is not a node");
                }
            }
        }
        for (String nodeId : b.nodes.keySet()) {
            if (!b.edges.containsKey(nodeId)) {
                problems.add("node '" + nodeId + "' has no way out; add an edge (to Flow.END if it is the last)");
            }
        }
        Set<String> reached = reachable(b);
        for (String nodeId : b.nodes.keySet()) {
            if (!reached.contains(nodeId)) {
                problems.add("node '" + nodeId + "' cannot be reached from START");
            }
        }
    }

    private static Set<String> reachable(FlowBuilder b) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(Flow.START));
        while (!todo.isEmpty()) {
            Edge edge = b.edges.get(todo.pop());
            if (edge == null) {
                continue;
            }
            for (String target : edge.targets()) {
                if (seen.add(target)) {
                    todo.push(target);
                }
            }
        }
        return seen;
    }

    private static boolean computed(StateSchema schema, String path) {
        FieldSpec spec = schema.resolve(path);
        return spec != null && spec.computed();
    }

    private static void checkFields(FlowBuilder b, List<String> problems) {
        for (Node node : b.nodes.values()) {
            if (node instanceof Node.AskNode ask && ask.fixed() != null) {
                for (Question q : ask.fixed().questions()) {
                    if (!declared(b.schema, q.field())) {
                        problems.add("ask node '" + node.id() + "' asks undeclared field '" + q.field() + "'");
                    } else if (computed(b.schema, q.field())) {
                        // a call may not set a computed field, so the question could never be answered
                        problems.add("ask node '" + node.id() + "' asks computed field '" + q.field() + "'");
                    }
                }
            } else if (node instanceof Node.WidgetNode widget && widget.field() != null) {
                if (!declared(b.schema, widget.field())) {
                    problems.add("widget node '" + node.id() + "' fills undeclared field '" + widget.field() + "'");
                } else if (computed(b.schema, widget.field())) {
                    problems.add("widget node '" + node.id() + "' fills computed field '" + widget.field() + "'");
                }
            }
        }
    }

    private static boolean declared(StateSchema schema, String path) {
        try {
            return schema.resolve(path) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
