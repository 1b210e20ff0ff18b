package dev.stepwise.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.memory.MemoryStore;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The flow tool handler without a transport: rendering, echo, store failures. */
class FlowToolHandlerTest {

    private static final JsonSchemaValidator VALIDATOR = new DefaultJsonSchemaValidator();

    static Flow ageFlow() {
        return Flow.builder("ages")
                .version("1")
                .title("Ages")
                .description("Asks an age.")
                .state(StateSchema.builder()
                        .integer("age", "Age in years", f -> f.min(0))
                        .build())
                .ask("ask_age", a -> a.question("age", "How old are you?"))
                .edge(Flow.START, "ask_age")
                .edge("ask_age", Flow.END)
                .build();
    }

    private static JsonNode structured(McpSchema.CallToolResult result) {
        JsonSchemaValidator.ValidationResponse valid =
                VALIDATOR.validate(FlowTools.outputSchema(), result.structuredContent());
        assertTrue(valid.valid(), valid.errorMessage());
        JsonNode node = Json.mapper().valueToTree(result.structuredContent());
        JsonNode text = Json.parse(((McpSchema.TextContent) result.content().get(0)).text());
        assertTrue(
                node.equals(
                        (a, b) -> a.isNumber() && b.isNumber()
                                ? a.decimalValue().compareTo(b.decimalValue())
                                : a.equals(b) ? 0 : 1,
                        text),
                "text content is the structured content: " + text + " vs " + node);
        assertEquals("error".equals(node.path("status").asString()), result.isError());
        return node;
    }

    @Test
    void generatedAndArgumentIdsAreEchoedMetaIdsAreNot() {
        List<CallEvent> events = new ArrayList<>();
        FlowEngine engine = FlowEngine.builder()
                .store(MemoryStore.builder().build())
                .register(ageFlow())
                .build();
        FlowToolHandler handler = new FlowToolHandler(engine, "ages", events::add);

        JsonNode started =
                structured(handler.apply(null, new McpSchema.CallToolRequest("ages", Map.of("action", "start"))));
        String generated = started.path("sessionId").asString();
        assertTrue(generated.length() >= 22, "a generated id: " + started);

        McpSchema.CallToolResult done = handler.apply(
                null,
                new McpSchema.CallToolRequest(
                        "ages",
                        Map.of("action", "continue", "sessionId", generated, "stateUpdates", Map.of("age", "41"))));
        JsonNode complete = structured(done);
        assertEquals(41, complete.path("result").path("age").asInt(), complete.toString());
        assertEquals(generated, complete.path("sessionId").asString());
        JsonNode flowMeta = Json.mapper().valueToTree(done.meta().get("stepwise/flow"));
        assertEquals("ages", flowMeta.path("flowId").asString());
        assertEquals("1", flowMeta.path("version").asString());
        assertEquals("ask_age", flowMeta.path("nodesVisited").get(0).path("id").asString(), flowMeta.toString());

        JsonNode fromMeta = structured(handler.apply(
                null,
                new McpSchema.CallToolRequest("ages", Map.of("action", "start"), Map.of("conversationId", "conv-9"))));
        assertTrue(fromMeta.path("sessionId").isMissingNode(), fromMeta.toString());
        assertTrue(engine.sessions().state("ages", "conv-9").isPresent(), "the session is stored under the _meta id");

        assertEquals(
                List.of("start", "continue", "start"),
                events.stream().map(CallEvent::action).toList());
        assertEquals("complete", events.get(1).status());
    }

    @Test
    void aStoreFailureIsAFlowErrorResult() {
        VersionedStore down = (VersionedStore) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {VersionedStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw new StoreUnavailableException("connection refused", new ConnectException("refused"));
                });
        FlowEngine engine = FlowEngine.builder().store(down).register(ageFlow()).build();
        List<CallEvent> events = new ArrayList<>();
        FlowToolHandler handler = new FlowToolHandler(engine, "ages", events::add);
        McpSchema.CallToolResult result = handler.apply(
                null,
                new McpSchema.CallToolRequest(
                        "ages", Map.of("action", "continue", "sessionId", "s-1", "stateUpdates", Map.of("age", 3))));
        JsonNode error = structured(result);
        assertEquals("STORE_UNAVAILABLE", error.path("code").asString(), error.toString());
        assertTrue(error.path("retryable").asBoolean());
        assertFalse(error.path("error").asString().isBlank());
        assertEquals("STORE_UNAVAILABLE", events.get(0).code());
    }

    @Test
    void theDescriptionStaysUnder1500CharsAndKeepsTheProtocolNote() {
        Flow verbose = Flow.builder("verbose")
                .version("1")
                .description("x".repeat(5_000))
                .state(StateSchema.builder().integer("age", "Age", f -> f).build())
                .ask("ask_age", a -> a.question("age", "How old?"))
                .edge(Flow.START, "ask_age")
                .edge("ask_age", Flow.END)
                .build();
        String description = FlowTools.description(verbose);
        assertTrue(description.length() <= 1_500, "length " + description.length());
        assertTrue(description.endsWith(ToolDescriptions.PROTOCOL));
        String normal = FlowTools.description(ageFlow());
        assertTrue(normal.startsWith("Asks an age.") && normal.length() < 1_500, normal);
    }

    @Test
    void theOutputSchemaRejectsWhatTheContractForbids() {
        Map<String, Object> schema = FlowTools.outputSchema();
        assertTrue(VALIDATOR.validateSchema(schema).valid());
        assertFalse(VALIDATOR.validate(schema, Map.of("status", "bogus")).valid());
        assertFalse(VALIDATOR.validate(schema, Map.of("question", "q?")).valid(), "status is required");
        assertFalse(VALIDATOR
                .validate(schema, Map.of("status", "widget", "tool", "t"))
                .valid());
        assertFalse(VALIDATOR
                .validate(schema, Map.of("status", "error", "error", "e", "code", "NOPE", "retryable", false))
                .valid());
        assertFalse(VALIDATOR.validate(schema, Map.of("status", "interrupt")).valid());
        assertTrue(VALIDATOR
                .validate(schema, Map.of("status", "complete", "cancelled", true))
                .valid());
        assertTrue(VALIDATOR
                .validate(schema, Map.of("status", "cancelled", "cancelled", true))
                .valid());
        assertFalse(VALIDATOR.validate(schema, Map.of("status", "cancelled")).valid());
        assertTrue(VALIDATOR
                .validate(
                        schema,
                        Map.of(
                                "status",
                                "widget",
                                "tool",
                                "t",
                                "data",
                                Map.of(),
                                "description",
                                "d",
                                "interactive",
                                true,
                                "context",
                                "ERROR: plan must be one of a, b"))
                .valid());
    }

    @Test
    void toolDefinitionsCarryTitleAnnotationsAndSchemas() {
        Flow annotated = Flow.builder("annotated")
                .version("2")
                .title("Annotated")
                .description("Has hints.")
                .annotations((tools.jackson.databind.node.ObjectNode)
                        Json.parse("{\"readOnlyHint\":false,\"destructiveHint\":false,\"openWorldHint\":true}"))
                .state(StateSchema.builder().integer("age", "Age", f -> f).build())
                .ask("ask_age", a -> a.question("age", "How old?"))
                .edge(Flow.START, "ask_age")
                .edge("ask_age", Flow.END)
                .build();
        FlowEngine engine = FlowEngine.builder()
                .store(MemoryStore.builder().build())
                .register(annotated)
                .build();
        McpSchema.Tool tool = FlowTools.builder(engine).build().tools().get(0).tool();
        assertEquals("annotated", tool.name());
        assertEquals("Annotated", tool.title());
        assertEquals(Boolean.FALSE, tool.annotations().destructiveHint());
        assertEquals(Boolean.TRUE, tool.annotations().openWorldHint());
        assertEquals(FlowTools.outputSchema(), tool.outputSchema());
        assertEquals(FlowTools.inputSchema(annotated), tool.inputSchema());
    }

    @Test
    void theInputSchemaLetsStringsThroughForNumbers() {
        Map<String, Object> input = FlowTools.inputSchema(ageFlow());
        Map<String, Object> ok = Map.of("action", "continue", "stateUpdates", Map.of("age", "34"));
        assertTrue(VALIDATOR.validate(input, ok).valid());
    }

    @Test
    void theUserIdComesFromTheHostsMetaNeverFromArguments() {
        Flow flow = Flow.builder("greet")
                .description("Greets.")
                .state(StateSchema.builder()
                        .string("seen", "s", f -> f.optional())
                        .build())
                .userScope(StateSchema.builder().string("nickname", "n").build())
                .action(
                        "look",
                        ctx -> dev.stepwise.flow.Patch.of(
                                "seen", String.valueOf(ctx.user().state().getString("nickname"))))
                .edge(Flow.START, "look")
                .edge("look", Flow.END)
                .build();
        FlowEngine engine = FlowEngine.builder()
                .store(MemoryStore.builder().build())
                .register(flow)
                .build();
        engine.scopes().setField(dev.stepwise.scope.ScopeRef.user("alice"), "nickname", "Al");
        FlowToolHandler handler = new FlowToolHandler(engine, "greet", event -> {});
        JsonNode asAlice = structured(handler.apply(
                null,
                new McpSchema.CallToolRequest("greet", Map.of("action", "start"), Map.of("stepwise/userId", "alice"))));
        assertEquals("Al", asAlice.path("result").path("seen").asString(), asAlice.toString());
        JsonNode smuggled = structured(handler.apply(
                null, new McpSchema.CallToolRequest("greet", Map.of("action", "start", "userId", "alice"))));
        assertEquals("error", smuggled.path("status").asString(), "a userId argument is refused: " + smuggled);
    }
}
