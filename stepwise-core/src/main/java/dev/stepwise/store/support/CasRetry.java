package dev.stepwise.store.support;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The one bounded retry loop for compare-and-set races, shared by the engine (a turn that lost its
 * save re-runs) and by store implementations (a conditional write that lost to a concurrent create
 * or delete decides again).
 *
 * <p>Immutable and thread-safe. Each attempt either settles the outcome (a present {@link Optional})
 * or asks to go again (empty); between attempts the loop waits a random time up to a delay that
 * doubles from {@link #baseDelay()} to {@link #maxDelay()} ("full jitter"), so racing callers spread
 * out instead of colliding again in step. A loop whose every attempt asked to go again returns
 * empty: the caller turns that into its own error (a retryable {@code CONFLICT}, a
 * {@code StoreUnavailableException}), because only it knows what the user can do about it.
 */
public final class CasRetry {

    /** The loop stores use for races inside one conditional write: 64 attempts, 0.5 ms to 50 ms. */
    public static final CasRetry STORE_DEFAULT = of(64, Duration.ofNanos(500_000), Duration.ofMillis(50));

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;

    private CasRetry(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    /**
     * A loop of at most {@code maxAttempts} attempts with jittered exponential backoff.
     *
     * @throws IllegalArgumentException if {@code maxAttempts < 1}, a delay is negative, or {@code baseDelay >
     *     maxDelay}
     */
    public static CasRetry of(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative() || baseDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException(
                    "delays must satisfy 0 <= baseDelay <= maxDelay, not " + baseDelay + " and " + maxDelay);
        }
        return new CasRetry(maxAttempts, baseDelay, maxDelay);
    }

    /** A loop of at most {@code maxAttempts} attempts that never waits between them. */
    public static CasRetry immediate(int maxAttempts) {
        return of(maxAttempts, Duration.ZERO, Duration.ZERO);
    }

    /** The same backoff with another bound on attempts. */
    public CasRetry withMaxAttempts(int maxAttempts) {
        return of(maxAttempts, baseDelay, maxDelay);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * Runs {@code attempt} until it settles the outcome or the attempts run out.
     *
     * @return the settled outcome, or empty when every attempt asked to go again
     * @throws E whatever an attempt throws: a failure ends the loop at once, it is never retried here
     */
    public <T, E extends Exception> Optional<T> run(Attempt<T, E> attempt) throws E {
        for (int n = 1; n <= maxAttempts; n++) {
            Optional<T> outcome = Objects.requireNonNull(attempt.run(n), "an attempt returned null");
            if (outcome.isPresent()) {
                return outcome;
            }
            if (n < maxAttempts) {
                pause(n);
            }
        }
        return Optional.empty();
    }

    /** Waits a random time before attempt {@code failedAttempt + 1}; returns at once without a delay. */
    public void pause(int failedAttempt) {
        long base = baseDelay.toNanos();
        if (base == 0 && maxDelay.isZero()) {
            return;
        }
        long cap = Math.min(maxDelay.toNanos(), Math.max(base, 1L) << Math.min(failedAttempt - 1, 30));
        if (cap > 0) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(cap) + 1);
        }
    }

    @Override
    public String toString() {
        return "CasRetry[maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay + "]";
    }

    /**
     * One attempt of a {@link CasRetry} loop.
     *
     * @param <T> the settled outcome
     * @param <E> a checked exception an attempt may throw ({@link RuntimeException} when none)
     */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        /**
         * Makes one attempt.
         *
         * @param number 1 for the first attempt
         * @return the outcome, or empty to go again
         */
        Optional<T> run(int number) throws E;
    }
}
