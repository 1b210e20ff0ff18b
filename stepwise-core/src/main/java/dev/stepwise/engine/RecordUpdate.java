package dev.stepwise.engine;

import dev.stepwise.store.Expect;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.support.CasRetry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine's read-modify-write of one record outside a turn (a field set by the application, a
 * scope write from an outbox): read, decide, write on the version read, and go again through
 * {@link CasRetry} when another writer got there first.
 */
final class RecordUpdate {

    /** What an attempt writes: the new value, its time to live and its attributes. */
    // bytes cross the store SPI as they are: copying them into an immutable view would cost a copy per call
    @SuppressWarnings("ArrayRecordComponent")
    record Replacement(byte[] value, Duration ttl, RecordAttributes attributes) {}

    private RecordUpdate() {}

    /**
     * Runs the loop.
     *
     * @param change from what is stored now (empty: nothing) to what replaces it, or empty when
     *     there is nothing to write (the update is already in place); may throw to give up
     * @return false when every attempt lost its race: the caller says what was not done
     */
    static boolean run(
            VersionedStore store,
            StoreKey key,
            CasRetry retry,
            Function<Optional<Stored>, Optional<Replacement>> change) {
        return retry.run(attempt -> {
                    Optional<Stored> stored = store.read(key);
                    Optional<Replacement> replacement = change.apply(stored);
                    if (replacement.isEmpty()) {
                        return Optional.of(true);
                    }
                    Replacement r = replacement.get();
                    WriteResult result =
                            store.write(new Write(key, r.value(), expect(stored), r.ttl(), r.attributes(), List.of()));
                    return result instanceof WriteResult.Written ? Optional.of(true) : Optional.<Boolean>empty();
                })
                .isPresent();
    }

    /** The condition that a write replaces exactly what was read. */
    static Expect expect(Optional<Stored> stored) {
        return stored.map(s -> Expect.version(s.version())).orElse(Expect.absent());
    }
}
