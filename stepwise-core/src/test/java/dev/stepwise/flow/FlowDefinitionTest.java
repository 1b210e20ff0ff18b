package dev.stepwise.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FlowDefinitionTest {

    private static StateSchema schema() {
        return StateSchema.builder()
                .string("name", "Name")
                .integer("age", "Age", f -> f.min(0))
                .enumeration("plan", "Plan", "a", "b")
                .object(
                        "driver",
                        "Driver",
                        StateSchema.builder().string("licence", "Licence").build())
                .build();
    }

    private static FlowBuilder valid() {
        return valid(true);
    }

    private static FlowBuilder valid(boolean askLicence) {
        return Flow.builder("demo")
                .description("A demo")
                .state(schema())
                .ask(
                        "ask",
                        a -> askLicence
                                ? a.question("name", "Name?").question("driver.licence", "Licence?")
                                : a.question("name", "Name?"))
                .action("act", ctx -> Patch.empty())
                .widget("pick", "picker", w -> w.field("plan"))
                .edge(Flow.START, "ask")
                .edge("ask", "act")
                .branch("act", List.of("pick", Flow.END), ctx -> "pick")
                .edge("pick", Flow.END);
    }

    @Test
    void aValidFlowBuilds() {
        Flow flow = valid().build();
        assertEquals("demo", flow.id());
        assertEquals(3, flow.nodes().size());
    }

    @Test
    void limitsCanBeSetAtDeployTimeWithoutChangingTheGraph() {
        Flow flow = valid().sessionTtl(Duration.ofHours(2)).loopLimit(40).build();
        Flow deployed = flow.withLimits(Duration.ofMinutes(5), 7);
        assertEquals(Duration.ofMinutes(5), deployed.sessionTtl());
        assertEquals(7, deployed.loopLimit());
        assertEquals(flow.graphHash(), deployed.graphHash(), "sessions started on one continue on the other");
        assertEquals(flow.id(), deployed.id());
        assertEquals(flow.version(), deployed.version());
        assertEquals(flow.toJson(), deployed.toJson());
        assertEquals(flow.description(), deployed.description());
        assertEquals(Duration.ofHours(2), flow.sessionTtl(), "the original is unchanged");
        assertEquals(40, flow.loopLimit());

        assertEquals(
                "sessionTtl must be positive, was PT0S",
                assertThrows(IllegalArgumentException.class, () -> flow.withLimits(Duration.ZERO, 7))
                        .getMessage());
        assertEquals(
                "loopLimit must be 1..10000, was 0",
                assertThrows(IllegalArgumentException.class, () -> flow.withLimits(Duration.ofMinutes(1), 0))
                        .getMessage());
    }

    @Test
    void everyProblemIsReportedPrecisely() {
        FlowDefinitionException e = assertThrows(FlowDefinitionException.class, () -> Flow.builder("bad id!")
                .state(schema())
                .ask("ask", a -> a.question("nope", "?"))
                .action("dup", ctx -> null)
                .action("dup", ctx -> null)
                .action("orphan", ctx -> null)
                .action("stuck", ctx -> null)
                .edge("ask", "missing")
                .branch("dup", List.of("ghost"), ctx -> "ghost")
                .edge("dup", Flow.END)
                .edge("orphan", "stuck")
                .widget("w", "tool", s -> s.field("undeclared"))
                .edge("w", Flow.END)
                .build());
        List<String> p = e.problems();
        assertTrue(p.stream().anyMatch(s -> s.contains("flow id 'bad id!'")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("description is missing")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("duplicate node id 'dup'")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("more than one outgoing edge")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("no edge from START")), p.toString());
        assertTrue(
                p.stream().anyMatch(s -> s.contains("edge target 'missing' from 'ask' is not a node")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("branch target 'ghost'")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("node 'stuck' has no way out")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("node 'orphan' cannot be reached")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("asks undeclared field 'nope'")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("fills undeclared field 'undeclared'")), p.toString());
    }

    @Test
    void reservedAndMalformedNodeIdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Flow.builder("x").action(Flow.END, ctx -> null));
        assertThrows(IllegalArgumentException.class, () -> Flow.builder("x").action("a b", ctx -> null));
    }

    @Test
    void exportsMermaidAndJsonWithDeclaredKinds() {
        Flow flow = valid().build();
        String mermaid = flow.toMermaid();
        assertTrue(mermaid.startsWith("flowchart TD"), mermaid);
        assertTrue(mermaid.contains("act -.-> pick"), mermaid);
        assertTrue(mermaid.contains("ask --> act"), mermaid);
        JsonNode json = flow.toJson();
        assertEquals("ask", json.get("nodes").get(0).get("type").asString());
        assertEquals("action", json.get("nodes").get(1).get("type").asString());
        assertEquals("widget", json.get("nodes").get(2).get("type").asString());
        assertEquals("conditional", json.get("edges").get(2).get("type").asString());
    }

    @Test
    void stateUpdatesSchemaMakesEverythingOptionalAndNestedMembersToo() {
        JsonNode schema = valid().build().schema().partialJsonSchema(false);
        assertTrue(schema.get("required") == null, schema.toString());
        JsonNode driver = schema.get("properties").get("driver");
        assertEquals("object", driver.get("type").asString());
        assertTrue(driver.get("required") == null, driver.toString());
        assertEquals("integer", schema.get("properties").get("age").get("type").asString());
        JsonNode lenient = valid().build().schema().partialJsonSchema(true);
        assertEquals(
                "[\"integer\",\"string\"]",
                lenient.get("properties").get("age").get("type").toString());
    }

    @Test
    void fieldSchemaHintsFollowTheContract() {
        StateSchema s = schema();
        assertEquals(
                "{\"type\":\"number\",\"description\":\"Age\"}", s.hint("age").toString());
        assertEquals(
                "{\"type\":\"enum\",\"values\":[\"a\",\"b\"],\"description\":\"Plan\"}",
                s.hint("plan").toString());
        assertEquals("string", s.hint("driver.licence").get("type").asString());
    }

    @Test
    void graphHashIgnoresWordingButNotStructure() {
        Flow a = valid().build();
        Flow reworded = valid().description("Other words").title("T").build();
        Flow restructured = valid(false).build();
        assertEquals(a.graphHash(), reworded.graphHash());
        assertNotEquals(a.graphHash(), restructured.graphHash());
    }

    record Driver(@Describe("Licence number") String licence, int points) {}

    enum Plan {
        BASIC,
        PREMIUM
    }

    record Quote(
            @Describe(value = "Age in years", min = 18) int age,
            String name,
            Plan plan,
            Driver driver,
            List<String> notes,
            boolean smoker) {}

    @Test
    void aRecordSuppliesTheSchema() {
        StateSchema s = StateSchema.of(Quote.class);
        assertEquals(FieldType.INTEGER, s.resolve("age").type());
        assertEquals(0, s.resolve("age").min().compareTo(BigDecimal.valueOf(18.0)));
        assertEquals(List.of("BASIC", "PREMIUM"), s.resolve("plan").values());
        assertEquals(FieldType.STRING, s.resolve("driver.licence").type());
        assertEquals("Licence number", s.resolve("driver.licence").description());
        assertEquals(FieldType.ARRAY, s.resolve("notes").type());
        assertEquals(FieldType.BOOLEAN, s.resolve("smoker").type());
        assertNotEquals(null, s.field("name"));
    }

    @Test
    void aPathResolvesOnlyThroughObjectFields() {
        StateSchema s = StateSchema.of(Quote.class);
        assertEquals(FieldType.OBJECT, s.resolve("driver").type());
        assertEquals("points", s.resolve("driver.points").name());
        assertNull(s.resolve("driver.nope"));
        assertNull(s.resolve("nope.licence"));
        assertNull(s.resolve("age.years"));
        assertNull(s.resolve("driver.licence.x"));
        assertNull(s.resolve("licence"));
        assertThrows(IllegalArgumentException.class, () -> s.resolve("driver..licence"));
        assertThrows(IllegalArgumentException.class, () -> s.resolve(".age"));
        assertThrows(IllegalArgumentException.class, () -> s.resolve(""));
    }
}
