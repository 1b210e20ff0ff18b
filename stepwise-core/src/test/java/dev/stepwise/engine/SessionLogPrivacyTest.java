package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Write;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import dev.stepwise.store.memory.MemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * docs/reliability.md promises logs never carry a session id (it may be a host's conversation id):
 * only its hash. Checked on what the engine logs when a session cannot be read.
 */
class SessionLogPrivacyTest {

    private static final String SESSION = "conversation-7f3a91-of-alice";

    /** What the engine writes to the log (slf4j-simple writes to System.err) while {@code work} runs. */
    private static String logOf(Runnable work) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUndecryptableSessionIsLoggedUnderItsHashOnly() {
        MemoryStore plain = MemoryStore.builder().build();
        FlowEngine engine = FlowEngine.builder()
                .store(EncryptedStore.wrap(
                        plain, KeyRing.builder().current("k1", new byte[32]).build()))
                .register(TestFlows.counter())
                .build();
        engine.call(FlowCall.start("counter").sessionId(SESSION).build());
        StoreKey key = StoreKey.session("counter:" + SESSION);
        byte[] value = plain.read(key).orElseThrow().value();
        value[value.length - 1] ^= 1;
        plain.write(Write.of(key, value, Expect.any(), Duration.ofHours(1)));

        String log = logOf(() -> {
            FlowResponse r = engine.call(
                    FlowCall.resume("counter", SESSION).update("delta", 1).build());
            assertEquals(ErrorCode.INTERNAL, ((FlowResponse.Failed) r).code());
        });

        assertTrue(log.contains("unreadable"), "the failure is logged: " + log);
        assertFalse(log.contains(SESSION), "the raw session id reached the log: " + log);
        assertFalse(log.contains("alice"), "part of the raw session id reached the log: " + log);
        assertTrue(log.contains(SessionFingerprint.of(SESSION)), "the log names the session by its hash: " + log);
    }
}
