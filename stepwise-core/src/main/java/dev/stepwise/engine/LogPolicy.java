package dev.stepwise.engine;

import java.time.Duration;
import java.util.Set;

/**
 * Which log items are stored and for how long.
 *
 * @param transientKinds kinds delivered to listeners but never stored
 * @param maxItems       a session keeps at most this many stored items (older ones are trimmed)
 * @param maxAge         stored items older than this are trimmed
 */
public record LogPolicy(Set<String> transientKinds, int maxItems, Duration maxAge) {

    /** Status and state-change items transient; the newest 1,000 items of at most 30 days kept. */
    public static final LogPolicy DEFAULT =
            new LogPolicy(Set.of(LogItem.STATUS, LogItem.STATE_CHANGE), 1000, Duration.ofDays(30));

    public LogPolicy {
        transientKinds = Set.copyOf(transientKinds);
        if (!transientKinds.contains(LogItem.STATUS)) {
            throw new IllegalArgumentException("status items are always transient");
        }
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be positive");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
    }

    /** The same policy, but state changes are stored too. */
    public LogPolicy persistStateChanges() {
        return new LogPolicy(Set.of(LogItem.STATUS), maxItems, maxAge);
    }

    /** The same policy with other retention limits. */
    public LogPolicy retain(int items, Duration age) {
        return new LogPolicy(transientKinds, items, age);
    }

    boolean stored(String kind) {
        return !transientKinds.contains(kind);
    }
}
