package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A stop lets the turn in flight finish and answer before the server goes away. */
class GracefulShutdownTest {

    @Test
    void stopFinishesTheInFlightTurn() throws Exception {
        SlowFlow.reset();
        TestServer server = TestServer.start("memory:", SlowFlow.class.getName(), null);
        McpSyncClient client = server.client();
        try {
            CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(
                    () -> client.callTool(new McpSchema.CallToolRequest("slow", Map.of("action", "start"))));
            assertTrue(SlowFlow.entered.await(30, TimeUnit.SECONDS), "the turn started");

            CompletableFuture<Void> stop = CompletableFuture.runAsync(server::stop);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!server.stopping() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(server.stopping(), "stop began while the turn was running");
            SlowFlow.release.countDown();

            JsonNode result = Calls.check(call.get(30, TimeUnit.SECONDS), "slow");
            assertEquals("complete", result.path("status").asString(), result.toString());
            assertEquals("yes", result.path("result").path("done").asString());
            stop.get(30, TimeUnit.SECONDS);
        } finally {
            SlowFlow.release.countDown();
            client.close();
            server.close();
        }
    }
}
