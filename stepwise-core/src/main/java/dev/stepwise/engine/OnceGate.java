package dev.stepwise.engine;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Versions;
import dev.stepwise.store.support.CasRetry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * Keeps a {@code ctx.once} body from running in two racing turns. Before a turn runs the body of a
 * key its session has not recorded, it claims the key in the stored record through
 * compare-and-set; the turn's save records the outcome and drops the claim. A turn that finds the
 * key claimed by another live call waits (bounded) for the recorded outcome and uses it, or fails
 * with the retryable {@code IN_PROGRESS} when the wait runs out; a lapsed claim is taken over.
 */
final class OnceGate {

    /** What a turn does about a once key. */
    sealed interface Outcome {
        /** This turn holds the key: run the body. */
        record Run() implements Outcome {}

        /** Another turn recorded the outcome: use it. */
        record Recorded(JsonNode value) implements Outcome {}
    }

    private static final Outcome RUN = new Outcome.Run();
    private static final CasRetry CLAIM = CasRetry.of(64, Duration.ofMillis(1), Duration.ofMillis(50));

    private final VersionedStore store;
    private final EngineSettings settings;
    private final ClaimWriter writer;
    private final StoreKey key;
    private final String runId;
    private final CallClaims call;
    private final SessionCache sessions;

    OnceGate(
            VersionedStore store,
            EngineSettings settings,
            ClaimWriter writer,
            StoreKey key,
            String runId,
            CallClaims call,
            SessionCache sessions) {
        this.sessions = sessions;
        this.store = store;
        this.settings = settings;
        this.writer = writer;
        this.key = key;
        this.runId = runId;
        this.call = call;
    }

    /**
     * @throws TurnFailure {@code IN_PROGRESS} when another call kept the key past the wait,
     *                     {@code CONFLICT} when other calls' claims of the key kept lapsing and being
     *                     retaken, or {@link TurnFailure.Stale} when the record is not the one the turn
     *                     ran on (the turn re-runs)
     */
    Outcome claim(String onceKey) {
        return CLAIM.run(n -> attempt(onceKey, n))
                .orElseThrow(() -> new TurnFailure(ErrorCode.CONFLICT, ModelTexts.onceClaimConflict(onceKey)));
    }

    private Optional<Outcome> attempt(String onceKey, int number) {
        // the first attempt claims over the record the turn loaded, saving a read
        Optional<Stored> stored = number == 1 ? call.expected().loaded().or(() -> store.read(key)) : store.read(key);
        Expect expected = call.expected().current();
        if (!(expected instanceof Expect.Any)
                && !Versions.holds(expected, stored.map(Stored::version).orElse(null))) {
            // the record is not the one the turn ran on (or guessed): what the turn would hand the body
            // may be stale, and its save would lose anyway, so it runs again on a fresh read first
            throw new TurnFailure.Stale();
        }
        if (stored.isEmpty()) {
            // the first turn of a new session: there is no record to claim in yet (docs/reliability.md)
            return Optional.of(RUN);
        }
        SessionRecord record;
        try {
            record = sessions.decode(key, stored.get());
        } catch (CorruptRecordException e) {
            return Optional.of(RUN); // the turn's save settles it: the record cannot be saved over blindly
        }
        if (!record.runId().equals(runId)) {
            // this turn begins a new run over the stored one (a start over an ended session, a restart):
            // its save replaces the record, which holds none of this run's keys to claim in
            return Optional.of(RUN);
        }
        JsonNode recorded = record.once().get(onceKey);
        if (recorded != null) {
            return Optional.of(new Outcome.Recorded(recorded.deepCopy()));
        }
        Instant now = settings.clock().instant();
        Lease lease = Claims.once(record.claims(), onceKey);
        if (lease != null && lease.ownedBy(call.owner())) {
            return Optional.of(RUN);
        }
        if (lease != null && lease.live(now)) {
            return awaitOutcome(onceKey);
        }
        Lease mine = new Lease(call.owner(), now.plus(settings.claimLease()).toEpochMilli());
        OptionalLong version = writer.write(stored.get(), record, Claims.withOnce(record.claims(), onceKey, mine));
        if (version.isEmpty()) {
            throw new TurnFailure.Stale(); // changed between the check above and the write
        }
        call.wrote();
        call.expected().advance(stored.get().version(), version.getAsLong());
        return Optional.of(RUN);
    }

    /** Empty (claim again) once the other claim is gone or lapsed; the outcome once recorded. */
    private Optional<Outcome> awaitOutcome(String onceKey) {
        Optional<Optional<Outcome>> settled = ClaimWait.until(settings.claimWait(), () -> {
            Optional<Stored> current = store.read(key);
            if (current.isEmpty()) {
                return Optional.of(Optional.<Outcome>empty());
            }
            SessionRecord record;
            try {
                record = sessions.decode(key, current.get());
            } catch (CorruptRecordException e) {
                return Optional.of(Optional.<Outcome>empty());
            }
            JsonNode recorded = record.runId().equals(runId) ? record.once().get(onceKey) : null;
            if (recorded != null) {
                return Optional.of(Optional.<Outcome>of(new Outcome.Recorded(recorded.deepCopy())));
            }
            Lease lease = Claims.once(record.claims(), onceKey);
            if (lease == null || !lease.live(settings.clock().instant())) {
                return Optional.of(Optional.<Outcome>empty());
            }
            return Optional.<Optional<Outcome>>empty();
        });
        if (settled.isEmpty()) {
            throw new TurnFailure(ErrorCode.IN_PROGRESS, ModelTexts.onceInProgress(onceKey));
        }
        return settled.get();
    }
}
