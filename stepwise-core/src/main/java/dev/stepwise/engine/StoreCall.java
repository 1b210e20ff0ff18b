package dev.stepwise.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * One store operation the engine made, as an {@link EngineObserver} sees it.
 *
 * @param store         the store's name (see {@link FlowEngine.Builder#storeName})
 * @param operation     what was asked
 * @param outcome       how it went
 * @param durationNanos how long it took, in nanoseconds
 */
public record StoreCall(String store, Operation operation, Outcome outcome, long durationNanos) {

    /** {@link #durationNanos} as a duration. */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    /** The operations of {@link dev.stepwise.store.VersionedStore}. */
    public enum Operation {
        READ,
        READ_ALL,
        WRITE,
        DELETE,
        LIST,
        READ_ITEMS,
        TRIM_ITEMS;

        // computed once: the name is read on every turn
        private final String lowerCaseName = name().toLowerCase(Locale.ROOT);

        /** Lower-case name with underscores, e.g. {@code read_items}: a metric tag value. */
        public String label() {
            return lowerCaseName;
        }
    }

    /** How a store operation went. */
    public enum Outcome {
        /** It did what was asked (a read that found nothing included). */
        OK,
        /** A conditional write or delete whose condition failed: another writer was first. */
        CONFLICT,
        /** The backend could not be reached ({@code StoreUnavailableException}). */
        UNAVAILABLE,
        /** Any other failure (a corrupt record, a bug). */
        FAILED;

        // computed once: the name is read on every turn
        private final String lowerCaseName = name().toLowerCase(Locale.ROOT);

        /** Lower-case name, a metric tag value. */
        public String label() {
            return lowerCaseName;
        }
    }
}
