package dev.stepwise.store;

import java.time.Instant;
import java.util.Optional;

/** The outcome of a {@link VersionedStore#write(Write)}: written, or a conflict. */
public sealed interface WriteResult {

    /** The write took effect. */
    record Written(long version, Instant expiresAt) implements WriteResult {}

    /**
     * The condition did not hold and nothing changed.
     *
     * @param current the live record that made the condition fail, empty when none exists
     */
    record Conflict(Optional<Stored> current) implements WriteResult {}
}
