package dev.stepwise.engine;

import org.jspecify.annotations.Nullable;

/**
 * Watches what an engine does, for metrics and tracing: every call's turn and every store
 * operation the engine makes. Set one with {@link FlowEngine.Builder#observer}; the default,
 * {@link #NONE}, costs a turn nothing (no timing, no allocation).
 *
 * <h2>What the engine guarantees an observer</h2>
 * <ul>
 *   <li><b>Once per call.</b> {@link #turn} is called when a call begins, on the calling thread, and
 *       the returned watch's {@link Watch#ended} exactly once when it has answered, on the same
 *       thread, with the call's {@link TurnReport}. Calls refused before they name a usable action
 *       (undecodable arguments) are reported too.</li>
 *   <li><b>Nested store operations.</b> {@link #store} is called on the engine's thread right
 *       before each store operation, and its watch's {@link Watch#ended} exactly once right after,
 *       with the {@link StoreCall}; the store operations of a call happen between the call's
 *       {@code turn} and {@code ended}, so a thread-bound tracing scope opened in {@code turn}
 *       parents them.</li>
 *   <li><b>Never in the way.</b> An exception an observer or a watch throws is logged (WARN) and
 *       dropped: it never changes a call's answer nor what is saved.</li>
 *   <li><b>Low-cardinality values only.</b> Reports carry flow ids, node ids, statuses, error codes
 *       and counts, never a session id, user id or any value from a call.</li>
 * </ul>
 *
 * <p>Implementations must be thread-safe: one engine serves calls on many threads at once.
 */
public interface EngineObserver {

    /** Observes nothing; the engine skips all measuring. */
    EngineObserver NONE = new EngineObserver() {};

    /**
     * A call begins.
     *
     * @param flowId the flow called, or null when the call names no registered flow
     * @param action what the call asks, or null when its arguments could not be decoded
     * @return what to tell when the call has answered
     */
    default Watch<TurnReport> turn(@Nullable String flowId, @Nullable CallAction action) {
        return Watch.ignored();
    }

    /**
     * A store operation begins.
     *
     * @param store     the store's name (see {@link FlowEngine.Builder#storeName})
     * @param operation what the engine asks of the store
     * @return what to tell when the operation has returned or thrown
     */
    default Watch<StoreCall> store(String store, StoreCall.Operation operation) {
        return Watch.ignored();
    }

    /**
     * {@link Sessions#purge} deleted {@code count} sessions (expired or unwanted ones an operator
     * swept). Called once per purge, with 0 when nothing matched.
     */
    default void sessionsPurged(long count) {}

    /**
     * The end of something an observer watches.
     *
     * @param <T> the report it ends with
     */
    @FunctionalInterface
    interface Watch<T> {
        /** Called exactly once, on the thread that started the watch. */
        void ended(T report);

        /** A watch that does nothing. */
        @SuppressWarnings("unchecked")
        static <T> Watch<T> ignored() {
            return (Watch<T>) Ignored.INSTANCE;
        }
    }
}
