package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.KvStores;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import dev.stepwise.store.file.FileStore;
import dev.stepwise.store.memory.MemoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine over the core stores: file (hostile ids), KvStore adapter, encryption at rest. */
class EngineOnStoresTest {

    @TempDir
    Path root;

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aPathTraversalSessionIdCannotCreateAFileOutsideTheStoreDirectory() throws IOException {
        Path dir = Files.createDirectories(root.resolve("store"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        try (FileStore store = FileStore.builder(dir).build()) {
            FlowEngine engine = FlowEngine.builder().store(store).register(TestFlows.quote()).build();
            for (String id : List.of("../outside/pwned", "../../outside/pwned", "/etc/passwd", "..\\..\\outside\\x",
                    "CON", "nul.json", "a/../../b", "%2e%2e%2fx", ".", "..")) {
                FlowResponse r = engine.call(FlowCall.start("quote").sessionId(id).update("name", "Ada").build());
                assertEquals("interrupt", r.status(), id + ": " + r.toJson(true));
                assertEquals("Ada", engine.state("quote", id).orElseThrow().getString("name"), id);
            }
        }
        assertEquals(List.of(), filesUnder(outside));
        try (Stream<Path> top = Files.list(root)) {
            assertEquals(List.of("outside", "store"), top.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (Path file : filesUnder(dir)) {
            assertTrue(file.normalize().startsWith(dir), file.toString());
        }
    }

    @Test
    void theEngineRunsOnAPlainKvStoreThroughTheAdapter() {
        FlowEngine engine = FlowEngine.builder().store(KvStores.versioned(KvStores.inMemory()))
                .register(TestFlows.quote()).build();
        engine.call(FlowCall.start("quote").sessionId("s").update("name", "Ada").update("email", "a@b.co").build());
        assertEquals("widget", engine.call(FlowCall.resume("quote", "s").update("age", 30).build()).status());
        assertEquals("complete", engine.call(FlowCall.resume("quote", "s").update("plan", "basic").build()).status());
    }

    @Test
    void encryptedSessionsAreUnreadableAtRestAndAMovedValueFailsToDecrypt() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        MemoryStore inner = MemoryStore.builder().build();
        EncryptedStore store = EncryptedStore.wrap(inner, KeyRing.builder().current("k1", key).build());
        FlowEngine engine = FlowEngine.builder().store(store).register(TestFlows.quote()).build();
        engine.call(FlowCall.start("quote").sessionId("a").update("name", "Ada Lovelace").build());
        engine.call(FlowCall.start("quote").sessionId("b").update("name", "Bob").build());
        Stored a = inner.read(StoreKey.session("quote:a")).orElseThrow();
        assertTrue(!new String(a.value(), StandardCharsets.ISO_8859_1).contains("Lovelace"), "no plaintext at rest");
        Stored b = inner.read(StoreKey.session("quote:b")).orElseThrow();
        inner.write(new Write(b.key(), a.value(), Expect.version(b.version()), java.time.Duration.ofHours(1),
                b.attributes(), List.of()));
        FlowResponse moved = engine.call(FlowCall.resume("quote", "b").build());
        assertEquals(ErrorCode.INTERNAL, assertInstanceOf(FlowResponse.Failed.class, moved).code());
        assertEquals("Ada Lovelace", engine.state("quote", "a").orElseThrow().getString("name"), "a is untouched");
    }
}
