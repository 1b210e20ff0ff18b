package dev.stepwise.store.memory;

import java.time.Instant;

/**
 * Instants held as nanoseconds since the epoch: a {@code long} field in a record instead of a
 * reference to a 24-byte {@link Instant}, three of them per record held. Exact from 1677 to 2262;
 * a later instant is held as {@link #NEVER} and reads back as {@link Instant#MAX} (an expiry that
 * far out never comes), an earlier one as {@link Long#MIN_VALUE}.
 */
final class EpochNanos {

    /** An instant past 2262: never reached. */
    static final long NEVER = Long.MAX_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EpochNanos() {}

    static long of(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / NANOS_PER_SECOND) {
            return NEVER;
        }
        if (seconds <= Long.MIN_VALUE / NANOS_PER_SECOND) {
            return Long.MIN_VALUE;
        }
        return seconds * NANOS_PER_SECOND + instant.getNano();
    }

    static Instant instant(long nanos) {
        if (nanos == NEVER) {
            return Instant.MAX;
        }
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }
}
