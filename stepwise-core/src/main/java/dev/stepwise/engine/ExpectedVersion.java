package dev.stepwise.engine;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Stored;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The version one attempt of a turn expects to save over. It moves forward when the attempt itself
 * writes a claim into the record it loaded (the record then differs from what the turn saw only by
 * that claim, which the turn's save settles), so the claim costs no re-run. Confined to one attempt.
 */
final class ExpectedVersion {

    private Expect current;
    private final @Nullable Stored loaded;
    private final boolean guessed;

    /**
     * @param loaded  the stored record the attempt read, if any
     * @param guessed whether {@code loaded} was not read but remembered from this engine's last
     *                read or write of the session ({@link SessionCache#guess}): it may be stale
     */
    ExpectedVersion(Expect initial, @Nullable Stored loaded, boolean guessed) {
        this.current = initial;
        this.loaded = loaded;
        this.guessed = guessed;
    }

    /** Whether the attempt runs on a remembered record the store has not confirmed yet. */
    boolean guessed() {
        return guessed;
    }

    Expect current() {
        return current;
    }

    /** Moves to {@code next} if the attempt still expects {@code from}; true when it did. */
    boolean advance(long from, long next) {
        if (current instanceof Expect.Version v && v.version() == from) {
            current = Expect.version(next);
            return true;
        }
        return false;
    }

    /**
     * The stored record the attempt loaded, while the attempt still expects its version: what a
     * claim can be written over without reading the record again. It may have changed in the store
     * since; the claim's compare-and-set then fails and the turn runs again on a fresh read
     * ({@link TurnFailure.Stale}).
     */
    Optional<Stored> loaded() {
        return Optional.ofNullable(loaded)
                .filter(s -> current instanceof Expect.Version v && v.version() == s.version());
    }
}
