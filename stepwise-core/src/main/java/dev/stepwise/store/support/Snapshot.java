package dev.stepwise.store.support;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One attempt's read of a record, made when first asked for and then kept: the steps of a
 * {@link ConditionalWrite} share it, so an attempt reads at most once and a step decided by its
 * condition alone reads nothing. Confined to the attempt's thread.
 *
 * @param <S> what the backend reads
 */
public final class Snapshot<S> {

    private final Supplier<? extends S> read;
    private @Nullable S value;

    /** A snapshot that runs {@code read} on first {@link #get()}. */
    public Snapshot(Supplier<? extends S> read) {
        this.read = Objects.requireNonNull(read, "read");
    }

    /** The read, made now if it has not been. */
    public S get() {
        if (value == null) {
            value = Objects.requireNonNull(read.get(), "the read returned null");
        }
        return value;
    }

    /** Whether {@link #get()} has read already. */
    public boolean isRead() {
        return value != null;
    }
}
