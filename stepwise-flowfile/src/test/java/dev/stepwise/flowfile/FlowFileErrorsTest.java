package dev.stepwise.flowfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.FlowTester;
import dev.stepwise.flow.Flow;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every problem names file:line:col; hostile files are refused before they cost much. */
class FlowFileErrorsTest {

    private static final String OK = """
            id: tiny
            description: A tiny flow
            state:
              age: {type: integer}
              items: {type: array, items: {type: string}, optional: true}
            nodes:
              ask_age:
                ask:
                  questions:
                    - {field: age, text: How old?}
            edges:
              - {from: __start__, to: ask_age}
              - {from: ask_age, to: __end__}
            """;

    private static FlowFileException refused(String text) {
        return assertThrows(FlowFileException.class, () -> FlowFiles.plain()
                .parse("f.yaml", text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aValidFileLoads() {
        Flow flow = FlowFiles.plain().parse("f.yaml", OK.getBytes(StandardCharsets.UTF_8));
        assertEquals("tiny", flow.id());
    }

    @Test
    void unknownKeyIsNamedWithLineAndColumn() {
        FlowFileException e = refused(OK.replace("id: tiny", "id: tiny\ntitel: Tiny"));
        assertEquals("FLOW_FILE_INVALID", e.code());
        assertTrue(e.getMessage().startsWith("f.yaml:2:1: unknown key 'titel'"), e.getMessage());
    }

    @Test
    void danglingEdgeIsNamed() {
        FlowFileException e = refused(OK.replace("to: __end__", "to: nowhere"));
        assertTrue(e.getMessage().startsWith("f.yaml:13:"), e.getMessage());
        assertTrue(e.getMessage().contains("dangling edge: no node 'nowhere'"), e.getMessage());
    }

    @Test
    void celTypeErrorsAreFoundAtLoad() {
        FlowFileException e = refused(OK.replace(
                "  - {from: ask_age, to: __end__}",
                "  - from: ask_age\n    branch:\n      - {when: state.age + 'x', to: __end__}"));
        assertTrue(e.getMessage().startsWith("f.yaml:15:"), e.getMessage());
        assertTrue(e.getMessage().contains("found no matching overload"), e.getMessage());
        FlowFileException typo = refused(OK.replace(
                "  - {from: ask_age, to: __end__}",
                "  - from: ask_age\n    branch:\n      - {when: state.agee < 3, to: __end__}"));
        assertTrue(typo.getMessage().contains("undefined field 'agee'"), typo.getMessage());
        FlowFileException notBool = refused(OK.replace(
                "  - {from: ask_age, to: __end__}",
                "  - from: ask_age\n    branch:\n      - {when: state.age, to: __end__}"));
        assertTrue(notBool.getMessage().contains("must compute a bool"), notBool.getMessage());
    }

    @Test
    void billionLaughsAnchorsAreRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            }
            yaml.append("]\n");
        }
        FlowFileException e = refused(yaml.toString());
        assertTrue(e.getMessage().contains("anchor or alias"), e.getMessage());
        assertTrue(e.getMessage().startsWith("f.yaml:1:"), e.getMessage());
    }

    @Test
    void tenMegabyteFileIsRefused() {
        byte[] big = new byte[10 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        FlowFileException e =
                assertThrows(FlowFileException.class, () -> FlowFiles.plain().parse("big.yaml", big));
        assertEquals("FLOW_FILE_TOO_LARGE", e.code());
        assertTrue(e.getMessage().startsWith("big.yaml: is 10485760 bytes"), e.getMessage());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "a: " + "[".repeat(200) + "]".repeat(200);
        FlowFileException e = refused(deep);
        assertTrue(e.getMessage().startsWith("f.yaml:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("nests deeper than 32 levels"), e.getMessage());
    }

    @Test
    void celThatLoopsIsBoundedAtRunTime() {
        String looping = OK.replace(
                "  - {from: ask_age, to: __end__}",
                "  - from: ask_age\n    branch:\n      - when: \"[1,2,3,4,5,6,7,8,9,10,11,12].all(a, [1,2,3,4,5,6,7,8,9,10,11,12]"
                        + ".all(b, [1,2,3,4,5,6,7,8,9,10].all(c, c > 0)))\"\n        to: __end__");
        Flow flow = FlowFiles.plain().parse("f.yaml", looping.getBytes(StandardCharsets.UTF_8));
        FlowResponse r = FlowTester.of(flow).start(Map.of("age", 3));
        assertEquals("error", r.status(), r.toJson(true).toString());
        assertTrue(r.toJson(true).toString().contains("budget"), r.toJson(true).toString());
    }

    @Test
    void overlongExpressionIsRefusedAtLoad() {
        String longExpr = "state.age > 0" + " && state.age > 0".repeat(200);
        FlowFileException e = refused(OK.replace(
                "  - {from: ask_age, to: __end__}",
                "  - from: ask_age\n    branch:\n      - {when: \"" + longExpr + "\", to: __end__}"));
        assertTrue(e.getMessage().startsWith("f.yaml:15:"), e.getMessage());
    }

    @Test
    void celThatAllocatesIsBoundedAtRunTime() {
        String list = "['xxxxxxxxxxxxxxxx','x','x','x','x','x','x','x','x','x','x','x']";
        String allocating = OK.replace(
                "  - {from: ask_age, to: __end__}",
                "  - from: ask_age\n    branch:\n      - when: \"size(" + list + ".map(a, " + list + ".map(b, " + list
                        + ".map(c, a + b + c)))) > 0\"\n        to: __end__");
        Flow flow = FlowFiles.plain().parse("f.yaml", allocating.getBytes(StandardCharsets.UTF_8));
        FlowResponse r = FlowTester.of(flow).start(Map.of("age", 3));
        assertEquals("error", r.status(), r.toJson(true).toString());
        assertTrue(r.toJson(true).toString().contains("budget"), r.toJson(true).toString());
    }

    @Test
    void deeplyNestedExpressionIsRefusedAtLoad() {
        String nested = "(".repeat(60) + "state.age > 0" + ")".repeat(60);
        FlowFileException e = refused(OK.replace(
                "  - {from: ask_age, to: __end__}",
                "  - from: ask_age\n    branch:\n      - {when: \"" + nested + "\", to: __end__}"));
        assertTrue(e.getMessage().startsWith("f.yaml:15:"), e.getMessage());
    }

    @Test
    void versioningMistakesAreNamedWithLineAndColumn() {
        FlowFileException typo = refused(OK + "versioning: {policy: migrat}\n");
        assertTrue(typo.getMessage().startsWith("f.yaml:14:"), typo.getMessage());
        assertTrue(typo.getMessage().contains("must be finish-on-old, migrate or restart"), typo.getMessage());

        FlowFileException noMapping = refused(OK + "versioning: {policy: migrate}\n");
        assertTrue(
                noMapping.getMessage().contains("policy migrate needs 'migrate: {from, nodes, set}'"),
                noMapping.getMessage());

        FlowFileException badNode = refused(
                OK + "versioning:\n  policy: migrate\n  migrate:\n    from: \"1\"\n    nodes: {old_age: ask_agee}\n");
        assertTrue(badNode.getMessage().startsWith("f.yaml:18:"), badNode.getMessage());
        assertTrue(badNode.getMessage().contains("no node 'ask_agee' in this version"), badNode.getMessage());

        FlowFileException badCel = refused(OK
                + "versioning:\n  policy: migrate\n  migrate:\n    from: \"1\"\n    set: {age: \"state.age + 'x'\"}\n");
        assertTrue(badCel.getMessage().startsWith("f.yaml:18:"), badCel.getMessage());
    }
}
