package dev.stepwise.flowfile;

import static dev.stepwise.flowfile.ProblemCase.BASE;
import static dev.stepwise.flowfile.ProblemCase.yaml;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins every problem the loader reports about nodes (ask, set, action, webhook, widget), their
 * questions and CEL expressions: the message a user acts on and the exact {@code file:line:col} of
 * the offending key or value. {@link EdgeProblemsTest} covers edges, result and versioning.
 */
class NodeProblemsTest {

    private static final String QUESTION = "        - {field: age, text: Age?}\n";
    private static final String ASK = "  a:\n    ask:\n      questions:\n" + QUESTION;

    /** A one-node flow whose node {@code s} is {@code kind} (line 7). */
    private static String node(String kind) {
        return """
                id: t
                description: d
                state:
                  age: {type: integer}
                nodes:
                  s:
                %s
                edges:
                  - {from: __start__, to: s}
                  - {from: s, to: __end__}
                """.formatted(kind);
    }

    /** BASE with its question written as a block mapping whose third line (line 11) is {@code line}. */
    private static String question(String line) {
        return BASE.replace(QUESTION, "        - field: age\n          text: Age?\n          " + line + "\n");
    }

    static Stream<ProblemCase> cases() {
        return Stream.of(
                // nodes
                yaml(
                        "node not a mapping",
                        BASE.replace(ASK, "  a: ask\n"),
                        "6:6",
                        "must be a mapping of keys to values"),
                yaml(
                        "two kinds",
                        BASE.replace("    ask:\n", "    set: {age: \"1\"}\n    ask:\n"),
                        "6:3",
                        "node 'a' must have exactly one of: ask, set,"),
                yaml(
                        "unknown kind",
                        BASE.replace("    ask:", "    asks:"),
                        "7:5",
                        "unknown key 'asks' (allowed here: action, ask, set, webhook, widget)"),
                yaml("bad node id", BASE.replace("  a:\n", "  a.b:\n"), "6:3", "node id 'a.b' must match"),
                // ask
                yaml(
                        "ask without questions",
                        BASE.replace("      questions:\n" + QUESTION, "      context: c\n"),
                        "8:7",
                        "an ask needs 'questions': a list of at least one"),
                yaml(
                        "same field twice",
                        BASE.replace(QUESTION, QUESTION + "        - {field: age, text: Again?}\n"),
                        "8:7",
                        "an ask asks the same field twice"),
                yaml(
                        "same field twice, dynamic",
                        BASE.replace(QUESTION, QUESTION + "        - {field: age, textExpr: \"'Again?'\"}\n"),
                        "8:7",
                        "an ask asks the same field twice"),
                yaml(
                        "undeclared field",
                        BASE.replace("field: age", "field: agee"),
                        "9:19",
                        "asks for field 'agee', which 'state' does not declare"),
                yaml(
                        "empty path segment",
                        BASE.replace("field: age", "field: \"age..x\""),
                        "9:19",
                        "asks for field 'age..x'"),
                yaml(
                        "text and textExpr",
                        BASE.replace("Age?}", "Age?, textExpr: \"'x'\"}"),
                        "9:11",
                        "a question needs exactly one of 'text' (fixed) or 'textExpr' (CEL)"),
                yaml(
                        "neither text",
                        BASE.replace(", text: Age?}", "}"),
                        "9:11",
                        "a question needs exactly one of 'text'"),
                yaml(
                        "textExpr not text",
                        BASE.replace("text: Age?", "textExpr: 5"),
                        "9:34",
                        "must be a CEL expression (a string)"),
                yaml(
                        "textExpr not a string",
                        BASE.replace("text: Age?", "textExpr: state.age"),
                        "9:34",
                        "must compute a string, not int (convert with string(...))"),
                yaml(
                        "suggestions not a list",
                        BASE.replace("Age?}", "Age?, suggestions: x}"),
                        "9:49",
                        "must be a list of strings"),
                yaml(
                        "suggestion not a string",
                        BASE.replace("Age?}", "Age?, suggestions: [{a: 1}]}"),
                        "9:49",
                        "must be a list of strings"),
                yaml(
                        "context not text",
                        BASE.replace("Age?}", "Age?, context: [x]}"),
                        "9:45",
                        "must be a non-empty string"),
                yaml("rules not a list", question("rules: x"), "11:18", "must be a list of {rule, message}"),
                yaml("rule without message", question("rules: [{rule: value > 0}]"), "11:19", "needs 'message'"),
                yaml(
                        "rule not a bool",
                        question("rules: [{rule: value, message: m}]"),
                        "11:26",
                        "must compute a bool (true or false), not int"),
                yaml(
                        "rule names no value",
                        question("rules: [{rule: valu > 0, message: m}]"),
                        "11:26",
                        "CEL: undeclared reference to 'valu'"),
                yaml(
                        "question sets undeclared",
                        question("set: {agee: \"1\"}"),
                        "11:17",
                        "sets 'agee', which is not a declared field of state, user. or project."),
                yaml("question set empty", question("set: {}"), "11:16", "must map field paths to CEL expressions"),
                // set
                yaml("set not a mapping", node("    set: []"), "7:10", "must map field paths to CEL expressions"),
                yaml(
                        "set of wrong type",
                        node("    set: {age: \"'x'\"}"),
                        "7:16",
                        "computes string but field 'age' is integer"),
                yaml("set not text", node("    set: {age: 5}"), "7:16", "must be a CEL expression (a string)"),
                yaml("CEL error, plain", node("    set: {age: state.agee}"), "7:21", "CEL: undefined field 'agee'"),
                yaml(
                        "CEL error, quoted",
                        node("    set: {age: \"state.agee\"}"),
                        "7:22",
                        "CEL: undefined field 'agee'"),
                yaml(
                        "CEL error, line 2",
                        node("    set:\n      age: |\n        1 +\n        state.agee"),
                        "8:12",
                        "(expression line 2)"),
                yaml(
                        "CEL too long",
                        node("    set: {age: \"" + "1 + ".repeat(600) + "1\"}"),
                        "7:17",
                        "CEL: expression code point size exceeds limit"),
                yaml(
                        "CEL too deep",
                        node("    set: {age: \"" + "(".repeat(60) + "1" + ")".repeat(60) + "\"}"),
                        "7:17",
                        "CEL: Expression recursion limit exceeded. limit: 32"),
                yaml(
                        "sets undeclared scope",
                        node("    set: {user.x: \"1\"}"),
                        "7:11",
                        "sets 'user.x', which is not a declared field"),
                yaml(
                        "sets empty segment",
                        node("    set: {\"age..x\": \"1\"}"),
                        "7:11",
                        "sets 'age..x', which is not a declared field"),
                yaml(
                        "sets empty scope path",
                        node("    set: {\"user.\": \"1\"}"),
                        "7:11",
                        "sets 'user.', which is not a declared field"),
                yaml(
                        "object from an int-keyed map",
                        node("    set: {o: \"{1: 'a'}\"}")
                                .replace("integer}", "integer}\n  o: {type: object, fields: {}}"),
                        "8:14",
                        "computes map but field 'o' is object"),
                // action and webhook
                yaml(
                        "unregistered action",
                        node("    action: nope"),
                        "7:13",
                        "action 'nope' is not registered by the host (registered: price)"),
                yaml("action not a name", node("    action: [x]"), "7:13", "must be a non-empty string"),
                yaml("webhook without url", node("    webhook: {timeout: PT5S}"), "7:14", "needs 'url'"),
                yaml("not a URL", node("    webhook: {url: \"ht tp://x\"}"), "7:20", "is not a URL"),
                yaml(
                        "not http",
                        node("    webhook: {url: \"ftp://crm.internal/x\"}"),
                        "7:20",
                        "must be an http or https URL"),
                yaml(
                        "no host",
                        node("    webhook: {url: \"https:///x\"}"),
                        "7:20",
                        "must be an http or https URL with a host"),
                yaml(
                        "host not allowed",
                        node("    webhook: {url: \"https://evil.example/x\"}"),
                        "7:20",
                        "host 'evil.example' is not in the webhook allow-list (allowed: crm.internal)"),
                yaml(
                        "timeout not a duration",
                        node("    webhook: {url: \"https://crm.internal/x\", timeout: 5s}"),
                        "7:55",
                        "must be an ISO-8601 duration like PT5S"),
                yaml(
                        "timeout too long",
                        node("    webhook: {url: \"https://crm.internal/x\", timeout: PT60S}"),
                        "7:55",
                        "must be positive and at most PT30S"),
                yaml(
                        "too many retries",
                        node("    webhook: {url: \"https://crm.internal/x\", retries: 9}"),
                        "7:55",
                        "must be a whole number from 0 to 3"),
                // widget
                yaml("widget without tool", node("    widget: {field: age}"), "7:13", "needs 'tool'"),
                yaml("bad tool name", node("    widget: {tool: \"bad tool\"}"), "7:20", "needs a tool name matching"),
                yaml(
                        "widget field undeclared",
                        node("    widget: {tool: chart, field: agee}"),
                        "7:34",
                        "field 'agee' is not declared in 'state'"),
                yaml(
                        "widget field empty segment",
                        node("    widget: {tool: chart, field: \"age..x\"}"),
                        "7:34",
                        "field 'age..x' is not declared in 'state'"),
                yaml(
                        "displayOnly not a flag",
                        node("    widget: {tool: chart, displayOnly: yes}"),
                        "7:40",
                        "must be true or false"),
                yaml(
                        "data not text",
                        node("    widget: {tool: chart, data: 5}"),
                        "7:33",
                        "must be a CEL expression (a string)"),
                yaml(
                        "widget fills computed",
                        node("    widget: {tool: chart, field: age}").replace("integer}", "integer, computed: true}"),
                        "7:34",
                        "computed field 'age'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAtItsPlace(ProblemCase c) {
        c.check();
    }
}
