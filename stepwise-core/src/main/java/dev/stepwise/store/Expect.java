package dev.stepwise.store;

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

    /** See {@link Expect#absent()}. */
    enum Absent implements Expect { INSTANCE }

    /** See {@link Expect#version(long)}. */
    record Version(long version) implements Expect {}

    /** See {@link Expect#any()}. */
    enum Any implements Expect { INSTANCE }
}
