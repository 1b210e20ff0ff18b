package dev.stepwise.engine;

import dev.stepwise.store.Stored;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an attempt starts from without reading the store: the record this engine last saw of the
 * session ({@link SessionCache#guess}), or no record at all, for a start on a session this engine
 * does not know. Either may be wrong; the turn's compare-and-set save (or its first claim) is what
 * confirms it, and a wrong guess runs the turn again on a fresh read, as a lost race does.
 *
 * @param stored the remembered record, or null to guess that none exists
 */
record Guess(@Nullable Stored stored) {

    /** No record: the session is new. */
    static final Guess ABSENT = new Guess(null);

    /** What a read would have answered, if the guess is right. */
    Optional<Stored> asRead() {
        return Optional.ofNullable(stored);
    }
}
