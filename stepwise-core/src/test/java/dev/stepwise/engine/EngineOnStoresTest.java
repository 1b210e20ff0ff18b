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
import dev.stepwise.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine over the core stores: KvStore adapter, encryption at rest. */
class EngineOnStoresTest {

    @Test
    void theEngineRunsOnAPlainKvStoreThroughTheAdapter() {
        FlowEngine engine = FlowEngine.builder()
                .store(KvStores.versioned(KvStores.inMemory()))
                .register(TestFlows.quote())
                .build();
        engine.call(FlowCall.start("quote")
                .sessionId("s")
                .update("name", "Ada")
                .update("email", "a@b.co")
                .build());
        assertEquals(
                "widget",
                engine.call(FlowCall.resume("quote", "s").update("age", 30).build())
                        .status());
        assertEquals(
                "complete",
                engine.call(FlowCall.resume("quote", "s")
                                .update("plan", "basic")
                                .build())
                        .status());
    }

    @Test
    void aFullMemoryStoreRefusesANewSessionRetryablyAndKeepsTheOthers() {
        MemoryStore store = MemoryStore.builder().maxRecords(2).build();
        FlowEngine engine =
                FlowEngine.builder().store(store).register(TestFlows.quote()).build();
        for (String id : List.of("a", "b")) {
            assertEquals(
                    "interrupt",
                    engine.call(FlowCall.start("quote").sessionId(id).build()).status());
        }

        FlowResponse refused =
                engine.call(FlowCall.start("quote").sessionId("c").build());

        FlowResponse.Failed failed = assertInstanceOf(FlowResponse.Failed.class, refused);
        assertEquals(ErrorCode.STORE_UNAVAILABLE, failed.code(), failed.message());
        assertTrue(failed.retryable());
        assertTrue(failed.message().contains("memory store is full: 2 records"), failed.message());
        assertTrue(
                !failed.message().contains("Exception") && !failed.message().contains("dev.stepwise"),
                "no internals: " + failed.message());
        assertTrue(engine.sessions().state("quote", "c").isEmpty(), "nothing of the refused session was saved");
        assertEquals(
                "interrupt",
                engine.call(FlowCall.resume("quote", "a")
                                .update("name", "Ada")
                                .update("email", "a@b.co")
                                .build())
                        .status(),
                "a session already stored goes on");
    }

    @Test
    void encryptedSessionsAreUnreadableAtRestAndAMovedValueFailsToDecrypt() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        MemoryStore inner = MemoryStore.builder().build();
        EncryptedStore store =
                EncryptedStore.wrap(inner, KeyRing.builder().current("k1", key).build());
        FlowEngine engine =
                FlowEngine.builder().store(store).register(TestFlows.quote()).build();
        engine.call(FlowCall.start("quote")
                .sessionId("a")
                .update("name", "Ada Lovelace")
                .build());
        engine.call(FlowCall.start("quote").sessionId("b").update("name", "Bob").build());
        Stored a = inner.read(StoreKey.session("quote:a")).orElseThrow();
        assertTrue(!new String(a.value(), StandardCharsets.ISO_8859_1).contains("Lovelace"), "no plaintext at rest");
        Stored b = inner.read(StoreKey.session("quote:b")).orElseThrow();
        inner.write(new Write(
                b.key(), a.value(), Expect.version(b.version()), Duration.ofHours(1), b.attributes(), List.of()));
        FlowResponse moved = engine.call(FlowCall.resume("quote", "b").build());
        assertEquals(
                ErrorCode.INTERNAL,
                assertInstanceOf(FlowResponse.Failed.class, moved).code());
        assertEquals(
                "Ada Lovelace",
                engine.sessions().state("quote", "a").orElseThrow().getString("name"),
                "a is untouched");
    }
}
