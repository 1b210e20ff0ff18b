package dev.stepwise.store.jdbc;

import java.time.Duration;
import java.time.Instant;

/**
 * Record timestamps are stored as epoch milliseconds (portable BIGINT columns). These helpers keep
 * the rounding in one place so writes, reads and filters agree.
 */
final class Times {

    private Times() {}

    /** {@code nowMillis + ttl}, saturating instead of overflowing for huge TTLs. */
    static long expiry(long nowMillis, Duration ttl) {
        long ttlMillis;
        try {
            ttlMillis = ttl.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        long sum = nowMillis + ttlMillis;
        return ((nowMillis ^ sum) & (ttlMillis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The whole minutes of epoch milliseconds: the {@code expires_minute} column the sweeper's index covers. */
    static long minutes(long millis) {
        return Math.floorDiv(millis, 60_000L);
    }

    /**
     * The smallest stored millisecond value {@code m} with {@code Instant.ofEpochMilli(m) >= instant}:
     * {@code stored >= ceil(instant)} matches "at or after", {@code stored < ceil(instant)} matches
     * "strictly before".
     */
    static long ceilMillis(Instant instant) {
        long millis;
        try {
            millis = instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isAfter(Instant.EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }
}
