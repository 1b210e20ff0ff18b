package dev.stepwise.server;

import dev.stepwise.mcp.CallEvent;
import dev.stepwise.mcp.CallObserver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per flow call: flow, a hash of the session id (never the id itself, which may be a
 * host's conversation id), action, status, error code and duration. Never state values.
 */
final class CallLog implements CallObserver {

    private static final Logger LOG = LoggerFactory.getLogger("stepwise.calls");

    @Override
    public void onCall(CallEvent e) {
        if (LOG.isInfoEnabled()) {
            LOG.info("call flow={} session={} action={} status={} code={} durationMs={}", e.flowId(),
                    fingerprint(e.sessionId()), e.action(), e.status(), e.code() == null ? "-" : e.code(),
                    e.duration().toMillis());
        }
    }

    /** The first 10 hex digits of the SHA-256 of a session id, or {@code -}. */
    static String fingerprint(String sessionId) {
        if (sessionId == null) {
            return "-";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
