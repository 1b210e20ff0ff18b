package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The short path ({@link DirectToolCall}) answers exactly what the SDK path answers: the same
 * conversation is sent to a servlet with the short path and to one without it (each on its own
 * memory store, so they can use the same session ids), and the parsed answers must be equal once
 * generated session ids, quote ids and timestamps are set aside.
 */
class DirectToolCallTest {

    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    /** The name the conversation answers with: as the request's JSON escapes decode it. */
    private static final String AWKWARD_NAME = "Ada \"q\" \\ \t\u0001 \u2028 é 中 😀";

    private static final Pattern QUOTE_ID = Pattern.compile("Q-[0-9A-F]{1,8}");
    private static final Pattern NEW_SESSION_ID = Pattern.compile("(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])");

    private FlowService directService;
    private FlowService sdkService;
    private StatelessMcpServlet direct;
    private StatelessMcpServlet sdk;

    @BeforeEach
    void start() {
        McpPost reader = new McpPost(ServingLimits.defaults(), false);
        directService = new FlowService("memory:", null, FlowCatalog.load(null));
        direct = new StatelessMcpServlet(
                reader, FlowService.jsonMapper(), directService::serves, directService::callFlowTool);
        directService.statelessServer(direct);
        sdkService = new FlowService("memory:", null, FlowCatalog.load(null));
        sdk = new StatelessMcpServlet(reader, FlowService.jsonMapper(), sdkService::serves, null);
        sdkService.statelessServer(sdk);
    }

    @AfterEach
    void stop() {
        directService.close();
        sdkService.close();
    }

    @Test
    void aConversationIsAnsweredAlikeOnBothPaths() throws IOException {
        List<String> generated = new ArrayList<>();
        for (StatelessMcpServlet servlet : List.of(direct, sdk)) {
            JsonNode started = call(servlet, 1, "insurance_quote", "{\"action\":\"start\"}", null);
            generated.add(started.path("result")
                    .path("structuredContent")
                    .path("sessionId")
                    .asString());
        }
        assertNotEquals(generated.get(0), generated.get(1), "each store generated its own id");
        assertNotEquals("", generated.get(0));

        String[] bodies = {
            // continue on the generated session (arguments.sessionId), a string id; the name, which
            // the completed quote echoes, holds characters JSON escapes and some it does not
            "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/call\",\"params\":{\"name\":\"insurance_quote\","
                    + "\"arguments\":{\"action\":\"continue\",\"sessionId\":\"GEN\","
                    + "\"stateUpdates\":{\"name\":\"Ada \\\"q\\\" \\\\ \\t\\u0001 \u2028 é 中 😀\","
                    + "\"email\":\"ada@example.org\"}}}}",
            // an answer the flow refuses (re-ask with the reason)
            tools(3, "{\"action\":\"continue\",\"sessionId\":\"GEN\",\"stateUpdates\":{\"age\":\"old\"}}", null),
            tools(4, "{\"action\":\"continue\",\"sessionId\":\"GEN\",\"stateUpdates\":{\"age\":34}}", null),
            tools(5, "{\"action\":\"continue\",\"sessionId\":\"GEN\",\"stateUpdates\":{\"plan\":\"standard\"}}", null),
            // a late continue on the completed session
            tools(6, "{\"action\":\"continue\",\"sessionId\":\"GEN\"}", null),
            // an unknown session
            tools(7, "{\"action\":\"continue\",\"sessionId\":\"no-such-session\"}", null),
            // tool-level errors: an unknown action, a wrongly typed session id, no arguments, null ones
            tools(8, "{\"action\":\"fly\"}", null),
            tools(9, "{\"action\":\"continue\",\"sessionId\":17}", null),
            "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"insurance_quote\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"insurance_quote\","
                    + "\"arguments\":null,\"_meta\":null}}",
            // session and user ids from _meta (not echoed), a number session id, then its continue
            tools(12, "{\"action\":\"start\"}", "{\"openai/session\":\"host-conv-1\",\"stepwise/userId\":\"u-1\"}"),
            tools(
                    13,
                    "{\"action\":\"continue\",\"stateUpdates\":{\"name\":\"Bo\",\"email\":\"bo@example.org\"}}",
                    "{\"openai/session\":\"host-conv-1\",\"userId\":\"u-1\",\"progressToken\":3}"),
            tools(14, "{\"action\":\"start\"}", "{\"sessionId\":424242,\"openai/userId\":\"u-2\"}"),
            tools(15, "{\"action\":\"cancel\"}", "{\"sessionId\":424242,\"openai/userId\":\"u-2\"}"),
            tools(16, "{\"action\":\"start\"}", "{\"sessionId\":\"  \",\"waniwani/sessionId\":\"\"}"),
            // requests the short path leaves to the SDK: an unknown tool, bad params, other methods
            "{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"tools/call\",\"params\":{\"name\":\"insurance_quote\","
                    + "\"arguments\":[1]}}",
            "{\"jsonrpc\":\"2.0\",\"id\":19,\"method\":\"tools/call\",\"params\":{\"name\":7}}",
            "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"no/such/method\"}",
        };
        boolean nameEchoed = false;
        for (String body : bodies) {
            JsonNode fromDirect = normalized(answer(direct, body.replace("GEN", generated.get(0))), generated.get(0));
            JsonNode fromSdk = normalized(answer(sdk, body.replace("GEN", generated.get(1))), generated.get(1));
            assertEquals(fromSdk, fromDirect, body);
            JsonNode structured = fromDirect.path("result").path("structuredContent");
            nameEchoed |=
                    AWKWARD_NAME.equals(structured.path("result").path("name").asString());
        }
        assertTrue(nameEchoed, "the completed quote echoed the awkward name");
    }

    @Test
    void onlyPingAndFlowToolCallsTakeTheShortPath() throws IOException {
        DirectToolCall shortPath = new DirectToolCall(directService::callFlowTool);
        assertNotNull(shortPath.answer(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")));
        assertNotNull(shortPath.answer(message(tools(2, "{\"action\":\"start\"}", null))));
        assertNull(shortPath.answer(message("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}")));
        assertNull(shortPath.answer(message(
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\"," + "\"params\":{\"name\":\"nope\"}}")));
        assertNull(shortPath.answer(message("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"insurance_quote\",\"_meta\":\"x\"}}")));
    }

    private static String tools(int id, String arguments, String meta) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"insurance_quote\",\"arguments\":" + arguments + (meta == null ? "" : ",\"_meta\":" + meta) + "}}";
    }

    private static JsonNode call(StatelessMcpServlet servlet, int id, String tool, String arguments, String meta)
            throws IOException {
        return Json.parse(answer(servlet, tools(id, arguments, meta)));
    }

    private static String answer(StatelessMcpServlet servlet, String body) throws IOException {
        return new String(servlet.answer(message(body)), StandardCharsets.UTF_8);
    }

    /** The message McpPost makes of a well-formed request. */
    private static McpPost.Message message(String body) {
        ObjectNode json = Json.parseObject(body.getBytes(StandardCharsets.UTF_8));
        JsonNode id = json.get("id");
        Object value = id.isString() ? id.asString() : (Object) id.longValue();
        return new McpPost.Message(
                json,
                body.getBytes(StandardCharsets.UTF_8),
                value,
                json.get("method").asString());
    }

    private static JsonNode normalized(String answer, String generatedId) {
        String fixed = INSTANT.matcher(answer.replace(generatedId, "GEN")).replaceAll("INSTANT");
        fixed = NEW_SESSION_ID.matcher(fixed).replaceAll("NEW");
        return Json.parse(QUOTE_ID.matcher(fixed).replaceAll("Q-ID"));
    }
}
