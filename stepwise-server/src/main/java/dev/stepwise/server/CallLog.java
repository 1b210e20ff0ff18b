package dev.stepwise.server;

import dev.stepwise.engine.SessionFingerprint;
import dev.stepwise.mcp.CallEvent;
import dev.stepwise.mcp.CallObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DEBUG line per flow call (logger {@code stepwise.calls}; {@code STEPWISE_LOG_LEVEL=DEBUG} shows
 * it): flow, a hash of the session id (never the id itself, which may be a host's conversation id),
 * action, status, error code and duration. Never state values. Not INFO: a console line per call
 * cost a sixth of a turn's throughput; failures are logged at WARN/ERROR where they happen.
 */
final class CallLog implements CallObserver {

    private static final Logger LOG = LoggerFactory.getLogger("stepwise.calls");

    @Override
    public void onCall(CallEvent e) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "call flow={} session={} action={} status={} code={} durationMs={}",
                    e.flowId(),
                    fingerprint(e.sessionId()),
                    e.action(),
                    e.status(),
                    e.code() == null ? "-" : e.code(),
                    e.duration().toMillis());
        }
    }

    /** The session's fingerprint (one definition: {@link SessionFingerprint}), or {@code -}. */
    static String fingerprint(String sessionId) {
        return SessionFingerprint.of(sessionId);
    }
}
