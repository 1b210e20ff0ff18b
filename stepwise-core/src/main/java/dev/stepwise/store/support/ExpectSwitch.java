package dev.stepwise.store.support;

import dev.stepwise.store.Expect;
import java.util.Objects;

/**
 * The one dispatch over the three cases of an {@link Expect}, so a store writes each case once as a
 * lambda instead of an {@code instanceof} chain (Java 17 has no pattern switch over sealed types).
 *
 * <p>Each case may throw one checked exception type {@code E} (for example {@link java.sql.SQLException});
 * it propagates unchanged.
 */
public final class ExpectSwitch {

    private ExpectSwitch() {}

    /**
     * Runs the case of {@code expect}: exactly one of the three, once.
     *
     * @return what that case returned
     * @throws NullPointerException for a null {@code expect}
     */
    public static <R, E extends Exception> R on(
            Expect expect, Case<R, E> absent, VersionCase<R, E> version, Case<R, E> any) throws E {
        Objects.requireNonNull(expect, "expect");
        if (expect instanceof Expect.Version v) {
            return version.run(v.version());
        }
        if (expect instanceof Expect.Absent) {
            return absent.run();
        }
        return any.run();
    }

    /**
     * Runs the case of the condition of a delete: {@link Expect#absent()} is refused first, with the
     * message every store gives (see {@link Expect#forDelete(Expect)}).
     *
     * @throws IllegalArgumentException for {@link Expect#absent()}
     */
    public static <R, E extends Exception> R onDelete(Expect expect, VersionCase<R, E> version, Case<R, E> any)
            throws E {
        Expect.forDelete(expect);
        return expect instanceof Expect.Version v ? version.run(v.version()) : any.run();
    }

    /** The case of {@link Expect#absent()} or {@link Expect#any()}. */
    @FunctionalInterface
    public interface Case<R, E extends Exception> {
        R run() throws E;
    }

    /** The case of {@link Expect#version(long)}, given the expected version. */
    @FunctionalInterface
    public interface VersionCase<R, E extends Exception> {
        R run(long expected) throws E;
    }
}
