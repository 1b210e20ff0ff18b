package dev.stepwise.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.it.process.ServerProcess;
import dev.stepwise.it.process.ToolCalls;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.file.FileStore;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation end to end, through the server binary and its {@code --encrypt-key-file}: sessions
 * written under key k1 are read after rotating to k2 (k1 kept for reading), each is re-encrypted
 * under k2 when written again, and once k1 is dropped the rewritten sessions still work while one
 * left under k1 is an error for that session alone. No plaintext state reaches the disk.
 */
class KeyRotationTest {

    @TempDir
    Path dir;

    @Test
    void recordsWrittenUnderKey1AreReadAfterRotationAndReencryptedOnWrite() throws Exception {
        String k1 = key();
        String k2 = key();
        Path keys = dir.resolve("keys.properties");
        Path data = dir.resolve("sessions");
        String uri = "file:" + data;

        Files.writeString(keys, "rotation-key-1=" + k1 + "\n");
        try (ServerProcess server = ServerProcess.launch(
                        "rotation-1", uri, CounterFlow.class.getName(), Map.of(), "--encrypt-key-file", keys.toString())
                .awaitReady()) {
            McpSyncClient client = server.client();
            for (String s : new String[] {"rotated", "left"}) {
                ToolCalls.call(client, CounterFlow.ID, Map.of("action", "start", "sessionId", s));
                ToolCalls.call(
                        client,
                        CounterFlow.ID,
                        Map.of(
                                "action",
                                "continue",
                                "sessionId",
                                s,
                                "stateUpdates",
                                Map.of("delta", 7, "note", "PLAINTEXT-MARKER")));
            }
            client.closeGracefully();
        }
        assertEquals("rotation-key-1", keyIdOf(data, "rotated"));
        assertNoPlaintext(data);

        Files.writeString(keys, "current=rotation-key-2\nrotation-key-2=" + k2 + "\nrotation-key-1=" + k1 + "\n");
        try (ServerProcess server = ServerProcess.launch(
                        "rotation-2", uri, CounterFlow.class.getName(), Map.of(), "--encrypt-key-file", keys.toString())
                .awaitReady()) {
            McpSyncClient client = server.client();
            Map<String, Object> r = ToolCalls.call(
                    client,
                    CounterFlow.ID,
                    Map.of("action", "continue", "sessionId", "rotated", "stateUpdates", Map.of("delta", 1)));
            assertEquals("interrupt", ToolCalls.status(r), r.toString());
            client.closeGracefully();
        }
        assertEquals("rotation-key-2", keyIdOf(data, "rotated"), "re-encrypted under the current key on write");
        assertEquals("rotation-key-1", keyIdOf(data, "left"), "untouched sessions stay under k1 until written");
        assertNoPlaintext(data);

        Files.writeString(keys, "rotation-key-2=" + k2 + "\n");
        try (ServerProcess server = ServerProcess.launch(
                        "rotation-3", uri, CounterFlow.class.getName(), Map.of(), "--encrypt-key-file", keys.toString())
                .awaitReady()) {
            McpSyncClient client = server.client();
            Map<String, Object> ok = ToolCalls.call(
                    client,
                    CounterFlow.ID,
                    Map.of("action", "continue", "sessionId", "rotated", "stateUpdates", Map.of("delta", 1)));
            assertEquals("interrupt", ToolCalls.status(ok), ok.toString());
            Map<String, Object> gone = ToolCalls.call(
                    client,
                    CounterFlow.ID,
                    Map.of("action", "continue", "sessionId", "left", "stateUpdates", Map.of("delta", 1)));
            assertEquals("INTERNAL", ToolCalls.code(gone), gone.toString());
            assertTrue(String.valueOf(gone.get("error")).contains("rotation-key-1"), "names the missing key: " + gone);
            client.closeGracefully();
        }
    }

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The key id in a stored envelope, read with a plain file store (no keys). */
    private static String keyIdOf(Path data, String session) {
        String text = new String(raw(data, session), StandardCharsets.ISO_8859_1);
        boolean k1 = text.contains("rotation-key-1");
        boolean k2 = text.contains("rotation-key-2");
        assertTrue(k1 ^ k2, "exactly one key id in the envelope header");
        return k1 ? "rotation-key-1" : "rotation-key-2";
    }

    private static byte[] raw(Path data, String session) {
        try (FileStore raw = FileStore.builder(data).build()) {
            return raw.read(SessionKeys.key(CounterFlow.ID, session))
                    .orElseThrow()
                    .value();
        }
    }

    private static void assertNoPlaintext(Path data) {
        for (String session : new String[] {"rotated", "left"}) {
            String content = new String(raw(data, session), StandardCharsets.ISO_8859_1);
            assertTrue(
                    !content.contains("PLAINTEXT-MARKER") && !content.contains("total"),
                    session + " is stored in plaintext");
        }
    }
}
