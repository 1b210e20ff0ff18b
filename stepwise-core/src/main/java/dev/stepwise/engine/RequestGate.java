package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.internal.json.EncodedSize;
import dev.stepwise.json.Json;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * One execution per {@code requestId}. Before a call carrying requestId R runs its turn on a stored
 * session, it claims R in the record through compare-and-set (a {@link Lease} for its random owner
 * token); its save then records the answer and drops the claim in the same write. A duplicate that
 * finds R answered replays the answer; one that finds a live claim by another call waits (bounded)
 * for the answer, then answers the retryable {@code IN_PROGRESS}; a lapsed claim (its caller crashed
 * or stalled) is taken over. Calls without a requestId never come here and write nothing extra.
 */
final class RequestGate {

    /** What a call with a requestId does next. */
    sealed interface Outcome {
        /** R was answered: replay this response. */
        record Answered(SessionRecord record, JsonNode response) implements Outcome {}

        /** This call holds R: run the turn on {@code record}, saving over {@code version}. */
        record Claimed(SessionRecord record, long version) implements Outcome {}

        /** The record changed under the claim: load it again. */
        record Reload() implements Outcome {}

        /** Refused without running: {@code IN_PROGRESS} after the wait, or too many answers kept. */
        record Refused(ErrorCode code, String message) implements Outcome {}
    }

    private static final Duration STARTING_GRACE = Duration.ofMinutes(1);

    private final VersionedStore store;
    private final EngineSettings settings;
    private final ClaimWriter writer;
    private final SessionCache sessions;

    RequestGate(VersionedStore store, EngineSettings settings, ClaimWriter writer, SessionCache sessions) {
        this.sessions = sessions;
        this.store = store;
        this.settings = settings;
        this.writer = writer;
    }

    Outcome enter(StoreKey key, Stored stored, SessionRecord record, String requestId, String owner) {
        JsonNode answered = RequestAnswers.find(record.answers(), requestId);
        if (answered != null) {
            return new Outcome.Answered(record, answered);
        }
        Instant now = settings.clock().instant();
        Lease lease = Claims.request(record.claims(), requestId);
        if (lease != null && lease.ownedBy(owner)) {
            return new Outcome.Claimed(record, stored.version());
        }
        if (lease != null && lease.live(now)) {
            return awaitAnswer(key, requestId, owner);
        }
        OptionalInt kept = EncodedSize.beyond(
                RequestAnswers.pruned(record.answers(), now, settings.idempotencyWindow()), settings.maxAnswerBytes());
        if (kept.isPresent()) {
            return new Outcome.Refused(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    ModelTexts.answersFull(kept.getAsInt(), settings.maxAnswerBytes(), settings.idempotencyWindow()));
        }
        Lease mine = new Lease(owner, now.plus(settings.claimLease()).toEpochMilli());
        OptionalLong version = writer.write(stored, record, Claims.withRequest(record.claims(), requestId, mine));
        if (version.isEmpty()) {
            return new Outcome.Reload();
        }
        return new Outcome.Claimed(
                record.withClaims(Claims.withRequest(record.claims(), requestId, mine)), version.getAsLong());
    }

    /**
     * Claims R for the first turn of a session that has no record yet, by creating the record (absent
     * → a run {@link SessionRecord#started} with no node, holding only the claim). A duplicate start
     * racing this one then finds the claim and waits for this call's answer instead of running the
     * first turn too. Reload when another call created the record first.
     */
    Outcome create(StoreKey key, Flow flow, FlowCall call, String requestId, String owner) {
        Instant now = settings.clock().instant();
        Lease mine = new Lease(owner, now.plus(settings.claimLease()).toEpochMilli());
        SessionRecord starting = SessionRecord.started(
                flow,
                owner,
                call,
                now,
                0,
                0,
                Json.mapper().createArrayNode(),
                Claims.withRequest(Claims.none(), requestId, mine));
        // Outlives the lease (after which the claim may be taken over anyway), so an abandoned start
        // does not linger among the sessions for a whole session lifetime.
        Duration ttl = settings.claimLease().plus(STARTING_GRACE);
        OptionalLong version = writer.create(key, starting, ttl);
        return version.isEmpty() ? new Outcome.Reload() : new Outcome.Claimed(starting, version.getAsLong());
    }

    /** Polls the record until R is answered (replay) or its claim is gone or lapsed (reload and claim). */
    private Outcome awaitAnswer(StoreKey key, String requestId, String owner) {
        return ClaimWait.until(settings.claimWait(), () -> {
                    Optional<Stored> current = store.read(key);
                    if (current.isEmpty()) {
                        return Optional.<Outcome>of(new Outcome.Reload());
                    }
                    SessionRecord now;
                    try {
                        now = sessions.decode(key, current.get());
                    } catch (CorruptRecordException e) {
                        return Optional.<Outcome>of(new Outcome.Reload());
                    }
                    JsonNode answer = RequestAnswers.find(now.answers(), requestId);
                    if (answer != null) {
                        return Optional.<Outcome>of(new Outcome.Answered(now, answer));
                    }
                    Lease lease = Claims.request(now.claims(), requestId);
                    if (lease == null
                            || lease.ownedBy(owner)
                            || !lease.live(settings.clock().instant())) {
                        return Optional.<Outcome>of(new Outcome.Reload());
                    }
                    return Optional.<Outcome>empty();
                })
                .orElseGet(() -> new Outcome.Refused(ErrorCode.IN_PROGRESS, ModelTexts.requestInProgress()));
    }
}
