package dev.stepwise.engine;

import dev.stepwise.store.Expect;

/**
 * The version one attempt of a turn expects to save over. It moves forward when the attempt itself
 * writes a claim into the record it loaded (the record then differs from what the turn saw only by
 * that claim, which the turn's save settles), so the claim costs no re-run. Confined to one attempt.
 */
final class ExpectedVersion {

    private Expect current;

    ExpectedVersion(Expect initial) {
        this.current = initial;
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
}
