package dev.stepwise.spring;

import static dev.stepwise.spring.McpCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With Spring AI's stateless server there is no transport session: the flow session id is echoed
 * on start and the host passes it back, as with {@code stepwise serve}'s default mode.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.ai.mcp.server.protocol=STATELESS", "stepwise.store.uri=memory:"})
class StatelessProtocolTest {

    @LocalServerPort
    int port;

    @Test
    void flowToolsAreServedAndTheEchoedSessionIdCarriesTheSession() {
        McpSyncClient client = McpCalls.connect(port);
        try {
            List<String> tools = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .sorted()
                    .toList();
            assertEquals(List.of("greeting", "insurance_quote", "show_plan_picker", "support_triage"), tools);
            assertEquals(2, client.listResources().resources().size());

            String sessionId = call(client, "greeting", "{\"action\":\"start\"}")
                    .path("sessionId")
                    .asString();
            assertFalse(sessionId.isEmpty());
            String done = call(
                            client,
                            "greeting",
                            "{\"action\":\"continue\",\"sessionId\":\"" + sessionId
                                    + "\",\"stateUpdates\":{\"name\":\"Ada\"}}")
                    .path("result")
                    .asString();
            assertEquals("Welcome, Ada!", done);
        } finally {
            client.closeGracefully();
        }
    }
}
