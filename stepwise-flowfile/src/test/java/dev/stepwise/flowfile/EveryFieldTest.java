package dev.stepwise.flowfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.FlowTester;
import dev.stepwise.flow.Action;
import dev.stepwise.flow.Ask;
import dev.stepwise.flow.Edge;
import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.FieldType;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Migration;
import dev.stepwise.flow.Node;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.Question;
import dev.stepwise.flow.State;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Pins that every key the format documents arrives in the loaded {@link Flow}: {@code
 * flows/every_field.yaml} uses them all (top level, every field type and option, every node kind
 * and question option, direct and conditional edges, the result mapping, a migration), and each is
 * read back through the public Flow API, run where that is the only way to see it, and checked
 * against the published JSON Schema.
 */
class EveryFieldTest {

    private static final Action PRICE = ctx -> Patch.empty();

    private static byte[] file() throws Exception {
        try (InputStream in = EveryFieldTest.class.getResourceAsStream("/flows/every_field.yaml")) {
            return in.readAllBytes();
        }
    }

    private static FlowFile load() throws Exception {
        return FlowFiles.with(
                        ActionRegistry.empty().with("price", PRICE),
                        WebhookSettings.none().allowing("crm.internal"))
                .read("every_field.yaml", file());
    }

    @Test
    void topLevelKeys() throws Exception {
        Flow flow = load().flow();
        assertEquals("every_field", flow.id());
        assertEquals("2", flow.version());
        assertEquals("Every field", flow.title());
        assertEquals("Uses every key of the flow-file format.", flow.description());
        assertEquals(Duration.ofDays(7), flow.sessionTtl());
        assertEquals(12, flow.loopLimit());
        assertEquals("Everything", flow.annotations().path("title").asString());
        assertFalse(flow.annotations().path("readOnlyHint").booleanValue());
    }

    @Test
    void everyFieldTypeAndOption() throws Exception {
        StateSchema state = load().flow().schema();
        FieldSpec name = state.field("name");
        assertEquals(FieldType.STRING, name.type());
        assertEquals("Your first name", name.description());
        assertEquals(2, name.minLength());
        assertEquals(40, name.maxLength());
        assertEquals("^[A-Za-z ]+$", name.pattern());
        assertFalse(name.optional());
        assertEquals("email", state.field("email").format());
        assertTrue(state.field("email").optional());
        assertEquals("uri", state.field("site").format());
        assertEquals("date", state.field("born").format());
        assertEquals(FieldType.INTEGER, state.field("age").type());
        assertEquals(0, BigDecimal.ZERO.compareTo(state.field("age").min()));
        assertEquals(0, new BigDecimal("130").compareTo(state.field("age").max()));
        assertEquals(FieldType.NUMBER, state.field("height").type());
        assertEquals(0, new BigDecimal("0.5").compareTo(state.field("height").min()));
        assertEquals(0, new BigDecimal("2.5").compareTo(state.field("height").max()));
        assertEquals(FieldType.BOOLEAN, state.field("member").type());
        assertEquals(FieldType.ENUM, state.field("plan").type());
        assertEquals(List.of("basic", "plus"), state.field("plan").values());
        FieldSpec address = state.field("address");
        assertEquals(FieldType.OBJECT, address.type());
        assertFalse(address.objectFields().field("city").optional());
        assertTrue(address.objectFields().field("zip").optional());
        assertEquals(FieldType.STRING, state.resolve("address.city").type());
        FieldSpec tags = state.field("tags");
        assertEquals(FieldType.ARRAY, tags.type());
        assertEquals(FieldType.STRING, tags.arrayItems().type());
        assertEquals(0, BigDecimal.ONE.compareTo(tags.min()));
        assertEquals(0, new BigDecimal("3").compareTo(tags.max()));
        assertTrue(state.field("greeting").computed());
        assertTrue(state.field("quote").computed());
        assertFalse(state.field("picked").computed());
        assertFalse(
                state.updatesJsonSchema(false).path("properties").has("greeting"),
                "a computed field is output-only: calls cannot send it");
        assertEquals(
                FieldType.STRING, load().flow().userSchema().field("nickname").type());
        assertEquals(
                FieldType.INTEGER, load().flow().projectSchema().field("visits").type());
    }

    @Test
    void everyNodeKind() throws Exception {
        Flow flow = load().flow();
        Ask ask = assertInstanceOf(Node.AskNode.class, flow.node("ask_name")).fixed();
        assertEquals("Be brief.", ask.context());
        Question name = ask.questions().get(0);
        assertEquals("name", name.field());
        assertEquals("What's your name?", name.text());
        assertEquals(List.of("Ada", "Alan"), name.suggestions());
        assertEquals("First name is enough.", name.context());
        assertNotNull(name.validator(), "rules and set make a validator");
        assertNull(ask.questions().get(1).validator());

        Node.AskNode dynamic = assertInstanceOf(Node.AskNode.class, flow.node("ask_age"));
        assertNull(dynamic.fixed(), "textExpr makes the ask dynamic");
        assertNotNull(dynamic.dynamic());

        assertInstanceOf(Node.ActionNode.class, flow.node("compute"));
        assertSame(
                PRICE,
                assertInstanceOf(Node.ActionNode.class, flow.node("price")).action());
        assertInstanceOf(WebhookAction.class, ((Node.ActionNode) flow.node("notify")).action());

        Node.WidgetNode pick = assertInstanceOf(Node.WidgetNode.class, flow.node("pick"));
        assertEquals("picker", pick.tool());
        assertEquals("picked", pick.field());
        assertEquals("Pick one.", pick.description());
        assertTrue(pick.interactive());
        assertNotNull(pick.data());
        assertFalse(assertInstanceOf(Node.WidgetNode.class, flow.node("card")).interactive(), "displayOnly");

        JsonNode graph = flow.toJson();
        assertEquals(7, graph.path("nodes").size(), graph.toString());
    }

    @Test
    void edgesResultAndVersioning() throws Exception {
        FlowFile file = load();
        Flow flow = file.flow();
        assertEquals(
                "ask_name",
                assertInstanceOf(Edge.Direct.class, flow.edgeFrom(Flow.START)).to());
        Edge.Conditional branch = assertInstanceOf(Edge.Conditional.class, flow.edgeFrom("ask_age"));
        assertEquals(List.of("compute", "card"), branch.targets());
        assertEquals(
                Flow.END,
                assertInstanceOf(Edge.Direct.class, flow.edgeFrom("card")).to());
        assertEquals(8, flow.edges().size());
        assertNotNull(flow.result());

        assertEquals(Versioning.Policy.MIGRATE, file.versioning().policy());
        assertEquals("1", file.versioning().from());
        Migration.Result moved =
                file.versioning().migration().migrate("ask_years", Json.object().put("name", "  Ada "));
        assertEquals("ask_age", moved.node());
        assertEquals("Ada", moved.state().path("name").asString());
        assertEquals(
                "card",
                file.versioning().migration().migrate("card", Json.object()).node(),
                "unlisted ids stay");
    }

    @Test
    void theOptionsThatOnlyShowWhenRunBehave() throws Exception {
        FlowTester t = FlowTester.builder(load().flow()).userId("u-1").build();
        t.start(Map.of());
        t.expectQuestion("name").answer(Map.of("name", "Ada Augusta Lovelace Byron King", "email", "ada@example.org"));
        t.expectRejected("name");
        assertTrue(
                t.last().toJson(true).toString().contains("Too long."),
                "rule message: " + t.last().toJson(true));
        t.answer(Map.of("name", "Ada"));
        String asked = t.last().toJson(true).toString();
        assertTrue(asked.contains("How old are you, Ada?"), "textExpr: " + asked);
        State state = t.state().orElseThrow();
        assertEquals("Hello Ada", state.getString("greeting"), "question set writes a computed field");
        t.answer(Map.of("age", 10, "plan", "basic"))
                .expectWidget(
                        "card", data -> assertEquals("Ada", data.path("name").asString(), data.toString()));
        FlowResponse done = t.continueWith(Map.of());
        assertEquals("complete", done.status(), done.toJson(true).toString());
        JsonNode result = done.toJson(true).path("result");
        assertEquals("Ada", result.path("name").asString(), result.toString());
        assertEquals(0.0, result.path("quote").doubleValue(), "the otherwise case skipped compute");
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePublishedSchemaAcceptsIt() throws Exception {
        ObjectMapper yaml = YAMLMapper.builder().build();
        Map<String, Object> schema;
        try (InputStream in = FlowFiles.class.getResourceAsStream("flowfile.schema.json")) {
            schema = Json.mapper().readValue(in, Map.class);
        }
        var check = new DefaultJsonSchemaValidator()
                .validate(schema, Json.mapper().convertValue(yaml.readTree(file()), Map.class));
        assertTrue(check.valid(), check.errorMessage());
    }
}
