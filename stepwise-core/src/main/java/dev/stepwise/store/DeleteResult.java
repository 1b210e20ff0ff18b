package dev.stepwise.store;

import java.util.Optional;

/** The outcome of a {@link VersionedStore#delete(StoreKey, Expect)}. */
public sealed interface DeleteResult {

    /**
     * The condition held; the record (if any) and its item log are gone.
     *
     * @param existed whether a live record was removed
     */
    record Deleted(boolean existed) implements DeleteResult {}

    /**
     * The condition did not hold and nothing changed.
     *
     * @param current the live record that made the condition fail, empty when none exists
     */
    record Conflict(Optional<Stored> current) implements DeleteResult {}
}
