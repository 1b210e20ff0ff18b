package dev.stepwise.engine;

import dev.stepwise.store.support.CasRetry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A bounded wait for work another call claimed (the same requestId, the same {@code ctx.once}
 * key): re-checks the session with {@link CasRetry}'s jittered backoff (2 ms doubling to 100 ms)
 * until the check settles or {@code max} has passed. A waiting call writes nothing.
 */
final class ClaimWait {

    private static final CasRetry POLL = CasRetry.of(Integer.MAX_VALUE, Duration.ofMillis(2), Duration.ofMillis(100));

    private ClaimWait() {}

    /** The first settled outcome of {@code check}, or empty when {@code max} passed first. */
    static <T> Optional<T> until(Duration max, Supplier<Optional<T>> check) {
        long end = System.nanoTime() + max.toNanos();
        for (int n = 1; ; n++) {
            Optional<T> outcome = check.get();
            if (outcome.isPresent() || System.nanoTime() - end > 0) {
                return outcome;
            }
            POLL.pause(n);
        }
    }
}
