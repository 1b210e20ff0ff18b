package dev.stepwise.store.support;

import dev.stepwise.store.StoreException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision of a conditional write for stores whose backend offers single-record
 * compare-and-set but no "upsert under any condition" (document and key-value databases): which
 * primitive each {@link dev.stepwise.store.Expect} runs, and when a lost race is decided again.
 *
 * <ul>
 *   <li>{@code absent()} runs {@link Steps#create}; its outcome stands, a conflict included.</li>
 *   <li>{@code version(v)} runs {@link Steps#update} expecting {@code v}; its outcome stands.</li>
 *   <li>{@code any()} reads the record: a create when none is live, else an update of the version
 *       read. A conflict here only means the record changed between the read and the write, so it
 *       is decided again: an unconditional write never returns a conflict.</li>
 * </ul>
 * A step returning empty (its race is undecided: the record vanished meanwhile, a transaction
 * collided) runs the write again after the {@link CasRetry} pause; when every attempt asks to go
 * again the write fails with a {@link StoreException} saying the record changed under each of them.
 *
 * <p>Immutable and thread-safe when the steps are.
 *
 * @param <S> what the backend reads of a record before writing it (the live record and whatever
 *     bookkeeping its write needs)
 */
public final class ConditionalWrite<S> {

    private final Steps<S> steps;
    private final CasRetry retry;

    /**
     * @param steps the backend's primitives
     * @param retry how many attempts a write gets and how long it waits between them
     */
    public ConditionalWrite(Steps<S> steps, CasRetry retry) {
        this.steps = Objects.requireNonNull(steps, "steps");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /**
     * Writes under the write's condition.
     *
     * @throws StoreException when every attempt lost a race
     */
    public WriteResult write(Write w) {
        Objects.requireNonNull(w, "write");
        return retry.run(n -> attempt(w))
                .orElseThrow(() -> new StoreException("write " + w.key() + " gave up after " + retry.maxAttempts()
                        + " attempts: the record changed under every one of them"));
    }

    private Optional<WriteResult> attempt(Write w) {
        Snapshot<S> snapshot = new Snapshot<>(() -> steps.read(w));
        return ExpectSwitch.on(
                w.expect(), () -> steps.create(w, snapshot), expected -> steps.update(w, expected, snapshot), () -> {
                    Optional<Stored> live = steps.live(snapshot.get());
                    Optional<WriteResult> result = live.isEmpty()
                            ? steps.create(w, snapshot)
                            : steps.update(w, live.get().version(), snapshot);
                    return result.filter(WriteResult.Written.class::isInstance);
                });
    }

    /**
     * The backend's primitives. Each runs one conditional operation (or a few, all or nothing) and
     * reports a settled outcome, or empty when the race it ran into must be decided again.
     *
     * @param <S> what a read of the record gives the backend
     */
    public interface Steps<S> {

        /** Reads the record of the write's key as it is now (live, expired or missing). */
        S read(Write w);

        /** The live record in what {@link #read} returned, empty when none is live. */
        Optional<Stored> live(S read);

        /**
         * Creates the record if no live one exists (replacing an expired one).
         *
         * @param snapshot this attempt's read, made on first {@link Snapshot#get()} only: a step
         *     that can decide by its condition alone need not read at all
         * @return written, a conflict carrying the live record in the way, or empty when the record in
         *     the way was gone again when the conflict was read
         */
        Optional<WriteResult> create(Write w, Snapshot<S> snapshot);

        /**
         * Updates the record if it is live at version {@code expected}.
         *
         * @return written, a conflict carrying the live record (empty when none), or empty to decide
         *     again
         */
        Optional<WriteResult> update(Write w, long expected, Snapshot<S> snapshot);
    }
}
