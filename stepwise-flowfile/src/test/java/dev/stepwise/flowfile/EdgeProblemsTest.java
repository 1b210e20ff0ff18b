package dev.stepwise.flowfile;

import static dev.stepwise.flowfile.ProblemCase.BASE;
import static dev.stepwise.flowfile.ProblemCase.json;
import static dev.stepwise.flowfile.ProblemCase.yaml;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins every problem the loader reports about edges and branches, the result mapping, the
 * versioning block and the flow checks of the graph (no way out, unreachable, no first edge): the
 * message a user acts on and the exact {@code file:line:col}, in YAML and, for a few, in JSON.
 */
class EdgeProblemsTest {

    private static final String QUESTION = "        - {field: age, text: Age?}\n";

    /** BASE with its second edge (line 12) replaced. */
    private static String edge(String line) {
        return BASE.replace("  - {from: a, to: __end__}\n", line + "\n");
    }

    static Stream<ProblemCase> cases() {
        return Stream.of(
                // edges
                yaml(
                        "no edges",
                        BASE.replace(
                                "edges:\n  - {from: __start__, to: a}\n  - {from: a, to: __end__}\n", "edges: []\n"),
                        "10:8",
                        "a flow needs 'edges': a list of {from, to} or {from, branch}"),
                yaml("edge not a mapping", edge("  - a"), "12:5", "must be a mapping of keys to values"),
                yaml(
                        "edge with to and branch",
                        edge("  - {from: a, to: __end__, branch: []}"),
                        "12:5",
                        "an edge needs exactly one of 'to' or 'branch'"),
                yaml("edge without from", edge("  - {to: __end__}"), "12:5", "needs 'from'"),
                yaml(
                        "dangling from",
                        edge("  - {from: b, to: __end__}"),
                        "12:12",
                        "dangling edge: no node 'b' (nodes: a, or __start__)"),
                yaml(
                        "dangling to",
                        edge("  - {from: a, to: b}"),
                        "12:19",
                        "dangling edge: no node 'b' (nodes: a, or __end__)"),
                yaml(
                        "second edge from a node",
                        BASE + "  - {from: a, to: a}\n",
                        "13:12",
                        "node 'a' has more than one outgoing edge"),
                yaml(
                        "no edge from start",
                        BASE.replace("  - {from: __start__, to: a}\n", ""),
                        "11:3",
                        "no edge from __start__"),
                yaml(
                        "unreachable node",
                        BASE.replace(QUESTION, QUESTION + "  b:\n    action: price\n") + "  - {from: b, to: __end__}\n",
                        "10:3",
                        "node 'b' cannot be reached from __start__"),
                yaml(
                        "node without way out",
                        BASE.replace("  - {from: a, to: __end__}\n", ""),
                        "6:3",
                        "node 'a' has no way out"),
                yaml(
                        "branch not a list",
                        edge("  - {from: a, branch: x}"),
                        "12:23",
                        "must be a list of {when, to}; the last may omit 'when'"),
                yaml(
                        "otherwise not last",
                        edge("  - {from: a, branch: [{to: a}, {when: \"true\", to: __end__}]}"),
                        "12:24",
                        "only the last case may omit 'when' (it is the otherwise)"),
                yaml("case without to", edge("  - {from: a, branch: [{when: \"true\"}]}"), "12:24", "needs 'to'"),
                yaml(
                        "when not a bool",
                        edge("  - {from: a, branch: [{when: state.age, to: __end__}]}"),
                        "12:31",
                        "must compute a bool (true or false), not int"),
                // result
                yaml(
                        "result not CEL",
                        BASE + "result: 5\n",
                        "13:9",
                        "must be a CEL expression or a mapping of names to CEL expressions"),
                yaml("result CEL error", BASE + "result: state.agee\n", "13:14", "CEL: undefined field 'agee'"),
                yaml(
                        "result part not text",
                        BASE + "result: {years: 5}\n",
                        "13:17",
                        "must be a CEL expression (a string)"),
                // versioning
                yaml(
                        "versioning not a mapping",
                        BASE + "versioning: restart\n",
                        "13:13",
                        "must be a mapping of keys to values"),
                yaml(
                        "unknown policy",
                        BASE + "versioning: {policy: migrat}\n",
                        "13:22",
                        "must be finish-on-old, migrate or restart"),
                yaml(
                        "migrate without mapping",
                        BASE + "versioning: {policy: migrate}\n",
                        "13:13",
                        "policy migrate needs 'migrate: {from, nodes, set}', and only migrate takes it"),
                yaml(
                        "mapping without migrate",
                        BASE + "versioning: {policy: restart, migrate: {from: \"1\"}}\n",
                        "13:13",
                        "and only migrate takes it"),
                yaml(
                        "restart after a branch",
                        BASE.replace("  - {from: __start__, to: a}", "  - {from: __start__, branch: [{to: a}]}")
                                + "versioning: {policy: restart}\n",
                        "13:22",
                        "restart needs a plain first edge {from: __start__, to: NODE}"),
                yaml(
                        "migrate without from",
                        BASE + "versioning:\n  policy: migrate\n  migrate: {nodes: {a: a}}\n",
                        "15:12",
                        "needs 'from'"),
                yaml(
                        "renames not a mapping",
                        BASE + "versioning:\n  policy: migrate\n  migrate:\n    from: \"1\"\n    nodes: [a]\n",
                        "17:12",
                        "must map old node ids to node ids of this version"),
                yaml(
                        "rename to nothing",
                        BASE + "versioning:\n  policy: migrate\n  migrate:\n    from: \"1\"\n    nodes: {old: b}\n",
                        "17:18",
                        "no node 'b' in this version"),
                yaml(
                        "migration writes a scope",
                        BASE
                                + "userScope:\n  x: {type: string}\nversioning:\n  policy: migrate\n  migrate:\n    from: \"1\"\n    set: {user.x: \"'a'\"}\n",
                        "19:11",
                        "a migration sets state fields only"),
                // the same places in JSON
                json(
                        "JSON: unknown key",
                        JSON.replace("\"id\": \"t\",", "\"id\": \"t\", \"titel\": \"x\","),
                        "2:14",
                        "unknown key 'titel'"),
                json(
                        "JSON: undeclared field",
                        JSON.replace("\"age\", \"text\"", "\"agee\", \"text\""),
                        "5:51",
                        "asks for field 'agee'"),
                json(
                        "JSON: dangling edge",
                        JSON.replace("\"to\": \"__end__\"", "\"to\": \"b\""),
                        "6:67",
                        "dangling edge: no node 'b'"),
                json(
                        "JSON: CEL error, quoted",
                        JSON.replace("\"description\": \"d\",", "\"description\": \"d\", \"result\": \"state.agee\","),
                        "3:39",
                        "CEL: undefined field 'agee'"));
    }

    /** A valid flow in JSON: line 5 holds the nodes, line 6 the edges. */
    private static final String JSON = """
            {
              "id": "t",
              "description": "d",
              "state": {"age": {"type": "integer"}},
              "nodes": {"a": {"ask": {"questions": [{"field": "age", "text": "Age?"}]}}},
              "edges": [{"from": "__start__", "to": "a"}, {"from": "a", "to": "__end__"}]
            }
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAtItsPlace(ProblemCase c) {
        c.check();
    }
}
