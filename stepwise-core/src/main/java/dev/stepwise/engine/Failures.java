package dev.stepwise.engine;

import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Error responses of a call, with the store's failures logged once and told apart. */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {}

    static FlowResponse failed(FlowResponse.Meta meta, ErrorCode code, String message) {
        return new FlowResponse.Failed(meta, code, message);
    }

    /** An unavailable store is retryable ({@code STORE_UNAVAILABLE}); any other failure is {@code INTERNAL}. */
    static FlowResponse storeFailed(FlowResponse.Meta meta, StoreException e) {
        if (e instanceof StoreUnavailableException) {
            log.warn(
                    "store unavailable for flow {} session {}: {}",
                    meta.flowId(),
                    SessionFingerprint.of(meta.sessionId()),
                    e.getMessage());
            return failed(meta, ErrorCode.STORE_UNAVAILABLE, ModelTexts.storeUnavailable(e.getMessage()));
        }
        log.error("store failure for flow {} session {}", meta.flowId(), SessionFingerprint.of(meta.sessionId()), e);
        return failed(meta, ErrorCode.INTERNAL, ModelTexts.storeFailed(e.getMessage()));
    }
}
