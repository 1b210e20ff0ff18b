package dev.stepwise.store.tck;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, checking it every few milliseconds; never a fixed sleep. */
final class Poll {

    /** Long enough for a short TTL to pass on a loaded machine. */
    static final Duration DEADLINE = Duration.ofSeconds(15);

    private Poll() {}

    /** Returns once {@code condition} holds; fails with {@code what} when the deadline passes first. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still waiting after " + DEADLINE.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
