package dev.stepwise.store.tck;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a condition with a deadline, checking it every few milliseconds; never a fixed sleep.
 * The one waiting loop of the kit and of every store's and the reliability suite's tests.
 */
public final class Poll {

    /** Long enough for a short TTL to pass on a loaded machine. */
    public static final Duration DEADLINE = Duration.ofSeconds(15);

    /** A condition to wait for; it may throw (e.g. a query that checks it), which fails the wait. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Poll() {}

    /** Returns once {@code condition} holds; fails naming {@code what} when {@link #DEADLINE} passes first. */
    public static void until(String what, Condition condition) {
        until(what, DEADLINE, condition);
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} when {@code deadline} passes first, or when checking
     *                        the condition throws (the exception is the cause)
     */
    public static void until(String what, Duration deadline, Condition condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!holds(what, condition)) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("still waiting after " + deadline.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static boolean holds(String what, Condition condition) {
        try {
            return condition.holds();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("checking failed while waiting for: " + what, e);
        }
    }
}
