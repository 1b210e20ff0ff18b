package dev.stepwise.store.support;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A conditional delete for stores that remove a record with one conditional operation and its item
 * log afterwards: the record's removal is the commit point, so items left by a failure in between
 * are invisible (they belong to a record that no longer exists) and go with the next cleanup.
 *
 * <ul>
 *   <li>{@code version(v)} removes the record only if it is live at version {@code v}; otherwise
 *       nothing changes and the conflict carries the live record (empty when none).</li>
 *   <li>{@code any()} removes whatever is stored, live or expired, and reports whether a live record
 *       went ({@link DeleteResult.Deleted#existed()}); a missing record is deleted already.</li>
 *   <li>{@code absent()} is refused, as by every store.</li>
 * </ul>
 * Thread-safe when the steps are.
 *
 * @param <R> what the backend's removal returns of the removed record
 */
public final class ConditionalDelete<R> {

    private final Steps<R> steps;
    private final Clock clock;

    public ConditionalDelete(Steps<R> steps, Clock clock) {
        this.steps = Objects.requireNonNull(steps, "steps");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Deletes under {@code expect}.
     *
     * @throws IllegalArgumentException for {@link Expect#absent()}
     */
    public DeleteResult delete(StoreKey key, Expect expect) {
        Objects.requireNonNull(key, "key");
        OptionalLong expected = ExpectSwitch.onDelete(expect, OptionalLong::of, OptionalLong::empty);
        Instant now = clock.instant();
        Optional<R> removed = steps.remove(key, expected, now);
        if (removed.isEmpty()) {
            return expected.isPresent()
                    ? new DeleteResult.Conflict(steps.readLive(key))
                    : new DeleteResult.Deleted(false);
        }
        steps.removeItems(key, removed.get());
        return new DeleteResult.Deleted(steps.wasLive(removed.get(), now));
    }

    /**
     * The backend's primitives.
     *
     * @param <R> what a removal returns of the removed record
     */
    public interface Steps<R> {

        /**
         * Removes the record of {@code key} in one conditional operation: with an expected version,
         * only a record live at {@code now} with that version; without, whatever record is stored.
         *
         * @return what was removed, empty when nothing matched
         */
        Optional<R> remove(StoreKey key, OptionalLong expectedVersion, Instant now);

        /** Removes the item log of a record just removed. */
        void removeItems(StoreKey key, R removed);

        /** Whether the removed record was still live at {@code now} (not merely an expired remnant). */
        boolean wasLive(R removed, Instant now);

        /** The live record of {@code key} now, for a conflict. */
        Optional<Stored> readLive(StoreKey key);
    }
}
