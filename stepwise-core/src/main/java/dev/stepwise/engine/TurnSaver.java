package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Saves a turn: assembles the next session record (paused, or the marker of an ended run) with the
 * turn's scope operations in its outbox, the answer remembered for its {@code requestId} and this
 * call's claims dropped (the save settles them), then writes it with the turn's log items in one
 * conditional write. After the write: listeners, log trimming and the outbox.
 */
final class TurnSaver {

    private final VersionedStore store;
    private final EngineSettings settings;
    private final LogKeeper logKeeper;
    private final ScopeWriter scopeWriter;
    private final SessionCache sessions;
    // listing attributes without a user, one per flow id and status, shared by every record that has
    // them: the memory store holds a record's attributes as they are written
    private final ConcurrentHashMap<String, RecordAttributes[]> userless = new ConcurrentHashMap<>();

    TurnSaver(VersionedStore store, EngineSettings settings, ScopeWriter scopeWriter, SessionCache sessions) {
        this.sessions = sessions;
        this.store = store;
        this.settings = settings;
        this.logKeeper = new LogKeeper(store, settings);
        this.scopeWriter = scopeWriter;
    }

    /**
     * Saves the outcome of {@code turn}.
     *
     * @param base   the record the turn started from (for a new run, {@link SessionRecord#started})
     * @param before the state before the turn, for the log's state changes
     * @return the response, or null when the write lost its compare-and-set race
     */
    @Nullable FlowResponse save(
            Attempt attempt, Flow flow, SessionRecord base, Turn turn, Turn.Outcome outcome, ObjectNode before) {
        FlowCall call = attempt.call();
        FlowResponse response = outcome.response();
        TurnLog log = TurnLog.of(settings, base.itemSeq(), call, turn.logged(), before, turn.stateNode(), response);
        long turns = base.turns() + 1;
        // copied only when this turn adds to it: a record's members are never changed in place
        ArrayNode outbox = base.outbox();
        for (TurnScope scope : turn.scopes()) {
            if (!scope.ops().isEmpty()) {
                if (outbox == base.outbox()) {
                    outbox = outbox.deepCopy();
                }
                outbox.add(ScopeWriter.entry(
                        scope.kind(),
                        Objects.requireNonNull(scope.id(), "a scope with operations has an id"),
                        turns,
                        scope.ops()));
            }
        }
        if (outcome instanceof Turn.Outcome.Paused paused) {
            SessionRecord next = base.paused(
                    turns,
                    outbox,
                    flow,
                    paused.node(),
                    turn.stateNode(),
                    turn.onceResults(),
                    remember(base.answers(), call, response),
                    base.userId() != null ? base.userId() : call.userId(),
                    log.lastSeq(),
                    settled(attempt, base));
            return write(attempt, next, flow.sessionTtl(), log, response);
        }
        ObjectNode kept = settings.keepCompletedState() ? turn.stateNode() : Json.object();
        // answers younger than the window stay replayable after the session ends
        SessionRecord marker = base.ended(
                turns,
                outbox,
                SessionStatus.COMPLETED,
                kept,
                remember(base.answers(), call, response),
                log.lastSeq(),
                settled(attempt, base));
        return write(attempt, marker, settings.completedRetention(), log, response);
    }

    /** Saves the marker of a cancelled run; {@code record} carries the outbox still to apply. */
    @Nullable FlowResponse cancel(Attempt attempt, SessionRecord record, FlowResponse response) {
        FlowCall call = attempt.call();
        TurnLog log = TurnLog.of(settings, record.itemSeq(), call, List.of(), record.state(), Json.object(), response);
        SessionRecord marker = record.ended(
                record.turns(),
                record.outbox(),
                SessionStatus.CANCELLED,
                Json.object(),
                remember(record.answers(), call, response),
                log.lastSeq(),
                settled(attempt, record));
        return write(attempt, marker, settings.completedRetention(), log, response);
    }

    private @Nullable FlowResponse write(
            Attempt attempt, SessionRecord record, Duration ttl, TurnLog log, FlowResponse response) {
        byte[] bytes = SessionCodec.encode(record);
        if (bytes.length > settings.maxRecordBytes()) {
            return Failures.failed(
                    response.meta(),
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    ModelTexts.recordTooLarge(bytes.length, settings.maxRecordBytes()));
        }
        RecordAttributes attributes = attributes(record);
        WriteResult result;
        try {
            result = store.write(new Write(
                    attempt.key(), bytes, attempt.claims().expected().current(), ttl, attributes, log.stored()));
        } catch (StoreException e) {
            if (e instanceof CorruptRecordException
                    && attempt.claims().expected().guessed()) {
                // the record the turn guessed was replaced by one the store cannot read: a fresh read
                // answers that as it answers any unreadable session
                return null;
            }
            return Failures.storeFailed(response.meta(), e);
        }
        if (!(result instanceof WriteResult.Written written)) {
            return null;
        }
        sessions.wrote(
                attempt.key(),
                new Stored(
                        attempt.key(),
                        bytes,
                        written.version(),
                        attributes,
                        log.at(), // the turn's time, read once for its log items: not the store's own stamp
                        written.expiresAt()),
                record);
        attempt.claims().tally().saved(record.status(), log.stored().size());
        logKeeper.saved(attempt.key(), record.flowId(), attempt.sessionId(), log);
        if (!record.outbox().isEmpty()) {
            scopeWriter.apply(attempt.key().id(), record.outbox());
        }
        return response;
    }

    private RecordAttributes attributes(SessionRecord record) {
        if (record.userId() != null) {
            return record.attributes();
        }
        RecordAttributes[] byStatus = userless.get(record.flowId());
        if (byStatus == null) {
            // only on a flow's first save: computeIfAbsent may lock a bin even when the key is present
            byStatus = userless.computeIfAbsent(
                    record.flowId(), id -> new RecordAttributes[SessionStatus.values().length]);
        }
        RecordAttributes shared = byStatus[record.status().ordinal()];
        if (shared == null) {
            // two threads may both make one: equal values, and a record's fields are final
            shared = record.attributes();
            byStatus[record.status().ordinal()] = shared;
        }
        return shared;
    }

    /** The answers remembered for replays: {@code previous} younger than the window, plus this call's. */
    private ObjectNode remember(ObjectNode previous, FlowCall call, FlowResponse response) {
        return RequestAnswers.remember(
                previous, call.requestId(), response, settings.clock(), settings.idempotencyWindow());
    }

    /** The claims {@code base} keeps once this call's save lands: the answer and outcomes settle its own. */
    private static ObjectNode settled(Attempt attempt, SessionRecord base) {
        // no claims, none of this call's: its owner token need not even be drawn
        return base.claims().isEmpty()
                ? base.claims()
                : Claims.withoutOwner(base.claims(), attempt.claims().owner());
    }
}
