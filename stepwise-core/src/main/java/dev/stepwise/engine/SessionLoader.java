package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Loads what one attempt at a call starts from: the stored session (or the fact that it cannot be
 * read), after checking it belongs to the caller and catching up its postponed scope writes. A call
 * with a {@code requestId} passes the {@link RequestGate} on a live session (or a start): it replays
 * the answer kept for it, claims it, waits for the call that holds it, or is refused. On an ended
 * session it only replays a kept answer: no turn runs there, so there is nothing to claim.
 */
final class SessionLoader {

    private static final Logger log = LoggerFactory.getLogger(SessionLoader.class);

    /** What loading gives: an attempt to run, or the response that is already due. */
    sealed interface Loaded {
        record Run(Attempt attempt) implements Loaded {}

        record Reply(FlowResponse response) implements Loaded {}

        /** The record changed while the call claimed its requestId: load again. */
        record Reload() implements Loaded {}
    }

    private final VersionedStore store;
    private final ScopeWriter scopeWriter;
    private final RequestGate requests;
    private final SessionCache sessions;

    SessionLoader(VersionedStore store, ScopeWriter scopeWriter, RequestGate requests, SessionCache sessions) {
        this.sessions = sessions;
        this.store = store;
        this.scopeWriter = scopeWriter;
        this.requests = requests;
    }

    /** @param guess what to start from without reading the store, or null to read it */
    Loaded load(
            FlowCall call,
            Flow flow,
            String sessionId,
            StoreKey key,
            FlowResponse.Meta meta,
            CallClaims claims,
            @Nullable Guess guess) {
        Optional<Stored> stored;
        CorruptRecordException unreadable = null;
        try {
            stored = guess != null ? guess.asRead() : store.read(key);
        } catch (CorruptRecordException e) {
            // e.g. an encrypted record that does not decrypt: the store itself cannot read it
            stored = Optional.empty();
            unreadable = e;
        } catch (StoreException e) {
            return new Loaded.Reply(Failures.storeFailed(meta, e));
        }
        SessionRecord record = null;
        long unreadableItemSeq = 0;
        if (stored.isPresent() || unreadable != null) {
            try {
                if (unreadable != null) {
                    throw unreadable;
                }
                record = sessions.decode(key, stored.get());
            } catch (CorruptRecordException e) {
                if (call.action() != CallAction.START || !call.restart()) {
                    // the hash only, and no stack trace: the exception's text names the record's key
                    log.warn(
                            "session {} of flow {} is unreadable: {}",
                            SessionFingerprint.of(sessionId),
                            call.flowId(),
                            e.reason());
                    return reply(meta, ErrorCode.INTERNAL, ModelTexts.unreadableSession(sessionId, e.getMessage()));
                }
                // the replacement's log must continue after the unreadable record's items
                try {
                    unreadableItemSeq = store.readItems(key, ItemWindow.last(1)).stream()
                            .mapToLong(Item::seq)
                            .max()
                            .orElse(0);
                } catch (StoreException storeFailure) {
                    return new Loaded.Reply(Failures.storeFailed(meta, storeFailure));
                }
            }
        }
        if (record != null
                && record.userId() != null
                && call.userId() != null
                && !record.userId().equals(call.userId())) {
            return reply(meta, ErrorCode.INVALID_INPUT, ModelTexts.anotherUsersSession(sessionId));
        }
        // an empty outbox is handed on as it is (a record's members are never changed in place), so a
        // turn with nothing left to apply keeps the record it loaded
        ArrayNode leftovers = record == null
                ? Json.mapper().createArrayNode()
                : record.outbox().isEmpty() ? record.outbox() : scopeWriter.apply(key.id(), record.outbox());
        // replacing a record the store cannot read (start with restart): its version is unknown
        Expect expect = unreadable != null ? Expect.any() : RecordUpdate.expect(stored);
        if (record != null && record.starting() && (call.action() != CallAction.START || call.requestId() == null)) {
            // another start's first turn is running (or was abandoned): no session to continue yet, and
            // a start without a requestId begins its own run over it, as it would over an absent record
            record = null;
        }
        String requestId = call.requestId();
        if (record == null && unreadable == null && requestId != null && call.action() == CallAction.START) {
            if (stored.isEmpty()) {
                RequestGate.Outcome created;
                try {
                    created = requests.create(key, flow, call, requestId, claims.owner());
                } catch (StoreException e) {
                    return new Loaded.Reply(Failures.storeFailed(meta, e));
                }
                if (!(created instanceof RequestGate.Outcome.Claimed held)) {
                    return new Loaded.Reload();
                }
                claims.wrote();
                claims.attempt(Expect.version(held.version()));
                return new Loaded.Run(new Attempt(
                        call,
                        sessionId,
                        key,
                        meta,
                        Expect.version(held.version()),
                        held.record(),
                        0,
                        claims,
                        leftovers));
            }
        } else if (record != null && requestId != null && stored.isPresent()) {
            if (!record.active() && call.action() != CallAction.START) {
                // an ended session runs no turn: replay an answer it kept, claim nothing
                JsonNode answered = RequestAnswers.find(record.answers(), requestId);
                if (answered != null) {
                    claims.tally().replayed();
                    return new Loaded.Reply(ResponseReader.read(replayMeta(call, record, sessionId), answered));
                }
            } else {
                RequestGate.Outcome entered;
                try {
                    entered = requests.enter(key, stored.get(), record, requestId, claims.owner());
                } catch (StoreException e) {
                    return new Loaded.Reply(Failures.storeFailed(meta, e));
                }
                if (entered instanceof RequestGate.Outcome.Answered answered) {
                    claims.tally().replayed();
                    return new Loaded.Reply(
                            ResponseReader.read(replayMeta(call, answered.record(), sessionId), answered.response()));
                } else if (entered instanceof RequestGate.Outcome.Reload) {
                    return new Loaded.Reload();
                } else if (entered instanceof RequestGate.Outcome.Refused refused) {
                    return reply(meta, refused.code(), refused.message());
                }
                RequestGate.Outcome.Claimed held = (RequestGate.Outcome.Claimed) entered;
                if (held.version() != stored.get().version()) {
                    claims.wrote();
                }
                record = held.record();
                expect = Expect.version(held.version());
            }
        }
        claims.attempt(expect, stored.orElse(null), guess != null);
        return new Loaded.Run(
                new Attempt(call, sessionId, key, meta, expect, record, unreadableItemSeq, claims, leftovers));
    }

    private static FlowResponse.Meta replayMeta(FlowCall call, SessionRecord record, String sessionId) {
        return new FlowResponse.Meta(call.flowId(), record.flowVersion(), sessionId, List.of());
    }

    private static Loaded reply(FlowResponse.Meta meta, ErrorCode code, String message) {
        return new Loaded.Reply(Failures.failed(meta, code, message));
    }
}
