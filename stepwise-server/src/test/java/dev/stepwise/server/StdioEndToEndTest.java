package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** `stepwise serve --stdio` in a child JVM, driven by the SDK's stdio client. */
class StdioEndToEndTest {

    @TempDir
    Path dir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    @Test
    void aHostThatClosesStdinRightAfterItsLastRequestStillGetsTheAnswer() throws Exception {
        Process process = new ProcessBuilder(
                        java(), "-cp", classPath(), Main.class.getName(), "serve", "--stdio", "--store", "memory:")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                                + "\"insurance_quote\",\"arguments\":{\"action\":\"start\"}}}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server exits after stdin closes");
            assertEquals(0, process.exitValue());
            List<JsonNode> messages =
                    out.lines().map(dev.stepwise.json.Json::parse).toList();
            JsonNode answer = messages.stream()
                    .filter(m -> m.path("id").asInt() == 2)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no answer to the tool call: " + out));
            assertEquals(
                    "interrupt",
                    answer.path("result")
                            .path("structuredContent")
                            .path("status")
                            .asString(),
                    out);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void roundTripOverStdioInAChildProcess() {
        String java = java();
        String classPath = classPath();
        ServerParameters params = ServerParameters.builder(java)
                .args(
                        "-cp",
                        classPath,
                        Main.class.getName(),
                        "serve",
                        "--stdio",
                        "--store",
                        "file:" + dir.resolve("sessions"))
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, FlowService.jsonMapper());
        try (McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .enableCallToolSchemaCaching(true)
                .build()) {
            client.initialize();
            assertTrue(
                    client.listTools().tools().stream().anyMatch(t -> t.name().equals("support_triage")));

            JsonNode first = Calls.call(
                    client,
                    "support_triage",
                    "{\"action\":\"start\",\"stateUpdates\":"
                            + "{\"category\":\"billing\",\"summary\":\"I was charged twice.\"}}");
            assertEquals("invoice", first.path("field").asString(), first.toString());
            String sessionId = first.path("sessionId").asString();
            assertFalse(sessionId.isEmpty(), "the stdio session id is echoed: " + first);

            JsonNode done = Calls.call(
                    client,
                    "support_triage",
                    "{\"action\":\"continue\",\"sessionId\":\"" + sessionId
                            + "\",\"stateUpdates\":{\"invoice\":\"INV-20261\"}}");
            assertEquals("complete", done.path("status").asString(), done.toString());
            assertEquals("ticket", done.path("result").path("resolution").asString());
            McpSchema.ListResourcesResult resources = client.listResources();
            assertEquals(2, resources.resources().size());
        }
    }
}
