package dev.stepwise.store;

import java.util.Objects;

/**
 * The condition a write or delete places on the record currently stored.
 *
 * <p>An expired record counts as absent.
 */
public sealed interface Expect {

    /** Succeeds only when no (live) record exists: create-if-absent. */
    static Expect absent() {
        return Absent.INSTANCE;
    }

    /** Succeeds only when the stored record has exactly this version. */
    static Expect version(long version) {
        return new Version(version);
    }

    /** Succeeds whatever is stored: an unconditional upsert (or delete). */
    static Expect any() {
        return Any.INSTANCE;
    }

    /**
     * Checks the condition of a {@link VersionedStore#delete(StoreKey, Expect)}: every store refuses
     * {@link #absent()} there, with the same message.
     *
     * @return {@code expect}
     * @throws NullPointerException     for null
     * @throws IllegalArgumentException for {@link #absent()}
     */
    static Expect forDelete(Expect expect) {
        Objects.requireNonNull(expect, "expect");
        if (expect instanceof Absent) {
            throw new IllegalArgumentException("delete with Expect.absent() makes no sense: there is nothing to delete;"
                    + " use any() or version(v)");
        }
        return expect;
    }

    /** See {@link Expect#absent()}. */
    enum Absent implements Expect {
        INSTANCE
    }

    /** See {@link Expect#version(long)}. */
    record Version(long version) implements Expect {}

    /** See {@link Expect#any()}. */
    enum Any implements Expect {
        INSTANCE
    }
}
