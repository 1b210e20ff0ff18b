package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The default, stateless server driven by the MCP SDK's client: with no transport session, the
 * flow session id is generated, echoed, and resolved from {@code arguments.sessionId} on every
 * later call, by any instance: here two servers on one store answer alternate turns.
 */
class StatelessEndToEndTest {

    @Test
    void aConversationCompletesAcrossTwoInstancesOnOneStore(@org.junit.jupiter.api.io.TempDir Path dir) {
        String store = "sqlite:" + dir.resolve("stepwise.db");
        try (TestServer a = TestServer.start(store);
                TestServer b = TestServer.start(store)) {
            McpSyncClient left = a.client();
            McpSyncClient right = b.client();
            try {
                JsonNode first = Calls.call(left, "insurance_quote", "{\"action\":\"start\"}");
                assertEquals("interrupt", first.path("status").asString(), first.toString());
                String sessionId = first.path("sessionId").asString();
                assertFalse(sessionId.isEmpty(), "a new session id is echoed: " + first);

                JsonNode second = Calls.call(
                        right,
                        "insurance_quote",
                        "{\"action\":\"continue\",\"sessionId\":\"" + sessionId
                                + "\",\"stateUpdates\":{\"name\":\"Ada\",\"email\":\"ada@example.org\"}}");
                assertEquals("age", second.path("field").asString(), second.toString());
                assertEquals(sessionId, second.path("sessionId").asString());

                JsonNode widget = Calls.call(
                        left,
                        "insurance_quote",
                        "{\"action\":\"continue\",\"sessionId\":\"" + sessionId + "\",\"stateUpdates\":{\"age\":34}}");
                assertEquals("widget", widget.path("status").asString(), widget.toString());

                JsonNode done = Calls.call(
                        right,
                        "insurance_quote",
                        "{\"action\":\"continue\",\"sessionId\":\"" + sessionId
                                + "\",\"stateUpdates\":{\"plan\":\"standard\"}}");
                assertEquals("complete", done.path("status").asString(), done.toString());
                assertEquals("standard", done.path("result").path("plan").asString());
            } finally {
                left.close();
                right.close();
            }
        }
    }
}
