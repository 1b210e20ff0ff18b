package dev.stepwise.store.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock a test moves by hand, to cross expiry instants without sleeping. Give it to a store's
 * builder, then {@link #advance} it. Safe to read and advance from several threads; it never moves
 * on its own.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** Moves the clock forward (or back, for a negative duration) by {@code by}. */
    public void advance(Duration by) {
        now.updateAndGet(i -> i.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Always UTC. */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock itself: its zone is always UTC. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
