package dev.stepwise.engine;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application's {@link EngineObserver} as the engine calls it: whatever it or its watches
 * throw is logged and dropped, so observing never changes a call's answer.
 */
final class SafeObserver implements EngineObserver {

    private static final Logger log = LoggerFactory.getLogger(SafeObserver.class);

    private final EngineObserver observer;

    private SafeObserver(EngineObserver observer) {
        this.observer = observer;
    }

    /** {@code observer} made safe; {@link #NONE} stays {@code NONE}, so the engine can test for it. */
    static EngineObserver of(EngineObserver observer) {
        return observer == NONE || observer instanceof SafeObserver ? observer : new SafeObserver(observer);
    }

    @Override
    public Watch<TurnReport> turn(@Nullable String flowId, @Nullable CallAction action) {
        try {
            return safe(observer.turn(flowId, action), "turn");
        } catch (RuntimeException e) {
            log.warn("engine observer {} failed at the start of a turn; ignored", observer, e);
            return Watch.ignored();
        }
    }

    @Override
    public Watch<StoreCall> store(String store, StoreCall.Operation operation) {
        try {
            return safe(observer.store(store, operation), "store operation");
        } catch (RuntimeException e) {
            log.warn("engine observer {} failed at the start of a store operation; ignored", observer, e);
            return Watch.ignored();
        }
    }

    @Override
    public void sessionsPurged(long count) {
        try {
            observer.sessionsPurged(count);
        } catch (RuntimeException e) {
            log.warn("engine observer {} failed on a purge; ignored", observer, e);
        }
    }

    private <T> Watch<T> safe(@Nullable Watch<T> watch, String what) {
        if (watch == null) {
            return Watch.ignored();
        }
        return report -> {
            try {
                watch.ended(report);
            } catch (RuntimeException e) {
                log.warn("engine observer {} failed at the end of a {}; ignored", observer, what, e);
            }
        };
    }

    @Override
    public String toString() {
        return observer.toString();
    }
}
