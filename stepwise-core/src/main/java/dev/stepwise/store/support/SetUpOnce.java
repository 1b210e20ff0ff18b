package dev.stepwise.store.support;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Work a store does on first use and never again, such as creating or checking its tables and
 * indexes: the store can be built without touching the backend, and the first call pays the set-up.
 *
 * <p>Thread-safe. {@link #get()} runs the set-up at most once at a time and, once it has succeeded,
 * never again; callers arriving meanwhile wait for it. A set-up that throws leaves nothing behind, so
 * the next call tries again (a backend that was down at first use is set up once it is back). After
 * {@link #close()} no set-up starts.
 *
 * @param <T> what the set-up produces (use {@link #ofAction(Runnable)} when it produces nothing)
 */
public final class SetUpOnce<T> {

    private final Supplier<? extends T> setUp;
    private final Object lock = new Object();
    private volatile @Nullable T value;
    private boolean closed;

    private SetUpOnce(Supplier<? extends T> setUp) {
        this.setUp = Objects.requireNonNull(setUp, "setUp");
    }

    /** A set-up producing a value (which must not be null). */
    public static <T> SetUpOnce<T> of(Supplier<? extends T> setUp) {
        return new SetUpOnce<>(setUp);
    }

    /** A set-up producing nothing; {@link #get()} returns {@code true} once it has run. */
    public static SetUpOnce<Boolean> ofAction(Runnable setUp) {
        Objects.requireNonNull(setUp, "setUp");
        return new SetUpOnce<>(() -> {
            setUp.run();
            return Boolean.TRUE;
        });
    }

    /**
     * The set-up's value, running the set-up first if it has not yet succeeded.
     *
     * @throws IllegalStateException after {@link #close()} when the set-up had not succeeded before it
     * @throws RuntimeException      whatever the set-up throws (it runs again on the next call)
     */
    public T get() {
        T ready = value;
        if (ready != null) {
            return ready;
        }
        synchronized (lock) {
            if (value == null) {
                if (closed) {
                    throw new IllegalStateException("closed before its set-up ran");
                }
                value = Objects.requireNonNull(setUp.get(), "the set-up returned null");
            }
            return value;
        }
    }

    /** The set-up's value if it has succeeded, without running it. */
    public Optional<T> ifReady() {
        return Optional.ofNullable(value);
    }

    /**
     * Stops any later set-up. Waits for a set-up in progress, so what it returns is final: the value
     * to tear down (a pool, a background task), or empty when the set-up never succeeded. Calling it
     * again returns the same, so the caller tears down once, on its own first close.
     */
    public Optional<T> close() {
        synchronized (lock) {
            closed = true;
            return Optional.ofNullable(value);
        }
    }
}
