package dev.stepwise.flowfile;

import static dev.stepwise.flowfile.ProblemCase.BASE;
import static dev.stepwise.flowfile.ProblemCase.json;
import static dev.stepwise.flowfile.ProblemCase.yaml;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins every problem the loader reports about the file as a whole, its top-level keys and its
 * field declarations ({@code state}, {@code userScope}, {@code projectScope}): the message a user
 * acts on and the exact {@code file:line:col} of the offending key or value. One minimal file per
 * message; {@link NodeProblemsTest} does the same for nodes, edges, CEL and versioning.
 */
class FileProblemsTest {

    private static final String AGE = "  age: {type: integer}\n";

    static Stream<ProblemCase> cases() {
        return Stream.of(
                // the text itself (Source)
                yaml("empty file", "", "0:0", "is empty"),
                yaml("only a comment", "# nothing here\n", "0:0", "is empty"),
                yaml("two documents", BASE + "---\nid: u\n", "14:1", "holds more than one document"),
                yaml("broken YAML", "id: t\nnodes: [a\n", "2:10", "is not valid YAML: expected ',' or ']'"),
                json("broken JSON", "{\"id\": }", "1:8", "is not valid JSON: "),
                yaml("YAML anchor", "id: &x t\n", "1:5", "uses a YAML anchor or alias (&name / *name)"),
                yaml("YAML alias", "a: &x 1\nb: *x\n", "1:4", "flow files do not allow them"),
                yaml("duplicate YAML key", "id: t\nid: u\n", "2:1", "key 'id' appears twice"),
                json("duplicate JSON key", "{\"id\": \"t\", \"id\": \"u\"}", "1:13", "key 'id' appears twice"),
                yaml("binary value", "id: !!binary aGVsbG8=\n", "1:5", "flow files do not use"),
                json(
                        "deep JSON nesting",
                        "{\"a\":".repeat(40) + "1" + "}".repeat(40),
                        "1:166",
                        "nests deeper than 32 levels"),
                // top level (FlowFileReader, Keys)
                yaml("list at the root", "- a\n- b\n", "1:1", "must be a mapping of keys to values"),
                yaml("scalar at the root", "hello\n", "1:1", "must be a mapping of keys to values"),
                yaml(
                        "unknown top-level key",
                        BASE + "titel: x\n",
                        "13:1",
                        "unknown key 'titel' (allowed here: annotations,"),
                yaml("missing id", BASE.replace("id: t\n", ""), "1:1", "needs 'id'"),
                yaml("id not a string", BASE.replace("id: t", "id: [t]"), "1:5", "must be a non-empty string"),
                yaml("id not a tool name", BASE.replace("id: t", "id: a.b"), "1:5", "flow id 'a.b' must match"),
                yaml("blank title", BASE + "title: \"  \"\n", "13:8", "must be a non-empty string"),
                yaml("bad version", BASE + "version: \"1 2\"\n", "13:10", "version '1 2' must match"),
                yaml("missing description", BASE.replace("description: d\n", ""), "1:1", "description is missing"),
                yaml(
                        "TTL not a duration",
                        BASE + "sessionTtl: 24h\n",
                        "13:13",
                        "must be an ISO-8601 duration like PT24H"),
                yaml("zero TTL", BASE + "sessionTtl: PT0S\n", "13:13", "sessionTtl must be positive"),
                yaml("loop limit zero", BASE + "loopLimit: 0\n", "13:12", "must be a whole number of at least 1"),
                yaml("loop limit too high", BASE + "loopLimit: 20000\n", "13:12", "loopLimit must be 1..10000"),
                yaml("annotations not a mapping", BASE + "annotations: [x]\n", "13:14", "must be a mapping (MCP tool"),
                yaml(
                        "no nodes",
                        "id: t\ndescription: d\nedges:\n  - {from: __start__, to: __end__}\n",
                        "1:1",
                        "a flow needs 'nodes': a mapping of node ids to nodes"),
                yaml(
                        "empty nodes",
                        "id: t\ndescription: d\nnodes: {}\nedges:\n  - {from: __start__, to: __end__}\n",
                        "3:8",
                        "a flow needs 'nodes'"),
                // field declarations (SchemaReader)
                yaml(
                        "state not a mapping",
                        BASE.replace("state:\n" + AGE, "state: [age]\n"),
                        "3:8",
                        "must map field names"),
                yaml(
                        "userScope not a mapping",
                        BASE + "userScope: x\n",
                        "13:12",
                        "must map field names to field declarations"),
                yaml("field not a mapping", field("  age: integer"), "4:8", "must be a mapping of keys to values"),
                yaml(
                        "field without type",
                        field("  age: {description: x}"),
                        "4:8",
                        "field 'age' needs a type: string,"),
                yaml("unknown type", field("  age: {type: text}"), "4:15", "field 'age' needs a type"),
                yaml("unknown field key", field("  age: {type: integer, minimum: 1}"), "4:24", "unknown key 'minimum'"),
                yaml("bad field name", field("  my-age: {type: integer}"), "4:11", "field name 'my-age' must match"),
                yaml("enum without values", extra("  kind: {type: enum}"), "5:9", "must be a list of strings"),
                yaml("enum with no values", extra("  kind: {type: enum, values: []}"), "5:9", "declares no values"),
                yaml(
                        "enum values not strings",
                        extra("  kind: {type: enum, values: [{a: 1}]}"),
                        "5:30",
                        "must be a list of strings"),
                yaml("object without fields", extra("  addr: {type: object}"), "5:9", "needs 'fields'"),
                yaml("array without items", extra("  tags: {type: array}"), "5:9", "needs 'items'"),
                yaml(
                        "array items untyped",
                        extra("  tags: {type: array, items: {type: list}}"),
                        "5:37",
                        "field 'item' needs a type"),
                yaml("unknown format", field("  age: {type: string, format: phone}"), "4:8", "unknown format 'phone'"),
                yaml(
                        "bad pattern",
                        field("  age: {type: string, pattern: \"(\"}"),
                        "4:32",
                        "'pattern' is not a valid regular expression"),
                yaml(
                        "description not text",
                        field("  age: {type: integer, description: 5}"),
                        "4:37",
                        "'description' must be a string"),
                yaml("min not a number", field("  age: {type: integer, min: x}"), "4:29", "'min' must be a number"),
                yaml(
                        "negative maxLength",
                        field("  age: {type: string, maxLength: -1}"),
                        "4:34",
                        "'maxLength' must be a whole number"),
                yaml(
                        "optional not a flag",
                        field("  age: {type: integer, optional: yes}"),
                        "4:34",
                        "'optional' must be true or false"),
                yaml(
                        "computed not a flag",
                        field("  age: {type: integer, computed: 1}"),
                        "4:34",
                        "'computed' must be true or false"),
                yaml(
                        "asks a computed field",
                        field("  age: {type: integer, computed: true}"),
                        "9:19",
                        "computed field 'age'"));
    }

    /** BASE with its field declaration replaced. */
    private static String field(String declaration) {
        return BASE.replace(AGE, declaration + "\n");
    }

    /** BASE with a second field declared on line 5. */
    private static String extra(String declaration) {
        return BASE.replace(AGE, AGE + declaration + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAtItsPlace(ProblemCase c) {
        c.check();
    }
}
