package dev.stepwise.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import dev.stepwise.store.memory.MemoryStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Stored records an attacker with store access (or a disk fault) has changed, and records from a
 * flow version this server does not run: each is an error for that session only, and the call
 * changes nothing stored.
 */
class HostileRecordTest {

    private static byte[] key() {
        byte[] key = new byte[KeyRing.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void tamperedTruncatedAndTransplantedEncryptedRecordsFailOnlyTheirSession() {
        MemoryStore inner = MemoryStore.builder().build();
        EncryptedStore store = EncryptedStore.wrap(
                inner, KeyRing.builder().current("k1", key()).build());
        FlowEngine engine =
                FlowEngine.builder().store(store).register(CounterFlow.flow()).build();
        for (String s : List.of("victim", "other", "donor")) {
            engine.call(FlowCall.start(CounterFlow.ID).sessionId(s).build());
            engine.call(FlowCall.resume(CounterFlow.ID, s).update("delta", 3).build());
        }
        StoreKey victim = StoreKey.session(CounterFlow.ID + ":victim");
        byte[] original = inner.read(victim).orElseThrow().value();
        byte[] donor = inner.read(StoreKey.session(CounterFlow.ID + ":donor"))
                .orElseThrow()
                .value();
        Map<String, UnaryOperator<byte[]>> tampering = Map.of(
                "one bit flipped in the ciphertext", b -> flip(b, b.length - 20),
                "one bit flipped in the header", b -> flip(b, 2),
                "tag flipped", b -> flip(b, b.length - 1),
                "truncated by one byte", b -> Arrays.copyOf(b, b.length - 1),
                "truncated to half", b -> Arrays.copyOf(b, b.length / 2),
                "emptied", b -> new byte[0],
                "replaced by plaintext JSON", b -> "{\"format\":1,\"state\":{\"total\":1000000}}".getBytes(),
                "another session's record transplanted", b -> donor.clone());
        for (Map.Entry<String, UnaryOperator<byte[]>> t : tampering.entrySet()) {
            Stored current = inner.read(victim).orElseThrow();
            inner.write(Write.of(
                    victim, t.getValue().apply(original), Expect.version(current.version()), Duration.ofHours(1)));
            Stored tampered = inner.read(victim).orElseThrow();
            FlowResponse r = engine.call(
                    FlowCall.resume(CounterFlow.ID, "victim").update("delta", 1).build());
            FlowResponse.Failed failed =
                    assertInstanceOf(FlowResponse.Failed.class, r, t.getKey() + ": " + r.toJson(true));
            assertEquals(ErrorCode.INTERNAL, failed.code(), t.getKey());
            assertTrue(failed.message().contains("cannot be read"), t.getKey() + ": " + failed.message());
            Stored after = inner.read(victim).orElseThrow();
            assertEquals(tampered.version(), after.version(), t.getKey() + ": the call wrote nothing");
            assertTrue(Arrays.equals(tampered.value(), after.value()), t.getKey());
            assertEquals(
                    "interrupt",
                    engine.call(FlowCall.resume(CounterFlow.ID, "other")
                                    .update("delta", 1)
                                    .build())
                            .status(),
                    "other sessions are unaffected");
        }
        assertEquals(
                3L + tampering.size(),
                engine.sessions().state(CounterFlow.ID, "other").orElseThrow().getLong("total"));
        // the documented way out: start with restart replaces the unreadable record
        FlowResponse restarted = engine.call(
                FlowCall.start(CounterFlow.ID).sessionId("victim").restart(true).build());
        assertEquals("interrupt", restarted.status(), restarted.toJson(true).toString());
    }

    @Test
    void aRecordFromAnUnknownFlowVersionIsRefusedAndKept() {
        MemoryStore store = MemoryStore.builder().build();
        FlowEngine old =
                FlowEngine.builder().store(store).register(CounterFlow.flow()).build();
        old.call(FlowCall.start(CounterFlow.ID).sessionId("s").build());
        old.call(FlowCall.resume(CounterFlow.ID, "s").update("delta", 2).build());
        StoreKey key = StoreKey.session(CounterFlow.ID + ":s");
        Stored before = store.read(key).orElseThrow();

        Flow v2 = Flow.builder(CounterFlow.ID)
                .version("2")
                .description("a different graph")
                .state(StateSchema.builder()
                        .integer("total", "Total", f -> f.optional())
                        .build())
                .action("reset", ctx -> Patch.of("total", 0))
                .edge(Flow.START, "reset")
                .edge("reset", Flow.END)
                .build();
        FlowEngine upgraded = FlowEngine.builder().store(store).register(v2).build();
        FlowResponse r = upgraded.call(
                FlowCall.resume(CounterFlow.ID, "s").update("total", 1).build());
        assertEquals(
                ErrorCode.FLOW_VERSION_MISMATCH,
                assertInstanceOf(FlowResponse.Failed.class, r).code(),
                r.toJson(true).toString());
        Stored after = store.read(key).orElseThrow();
        assertEquals(before.version(), after.version());
        assertTrue(
                Arrays.equals(before.value(), after.value()), "the session is kept for a server that runs version 1");
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[Math.floorMod(index, copy.length)] ^= 0x01;
        return copy;
    }
}
