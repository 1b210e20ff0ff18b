package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one call: load → check → apply updates → advance → save → respond, re-running the whole
 * turn on a fresh load when the compare-and-set save loses a race.
 */
final class CallHandler {

    private static final Logger log = LoggerFactory.getLogger(CallHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SESSION_ID = 256;
    private static final int MAX_REQUEST_ID = 128;
    private static final int MAX_ANSWERS_KEPT = 8;

    private final FlowRegistry registry;
    private final VersionedStore store;
    private final EngineSettings settings;
    private final LogKeeper logKeeper;
    private final ScopeWriter scopeWriter;

    CallHandler(FlowRegistry registry, VersionedStore store, EngineSettings settings) {
        this.registry = registry;
        this.store = store;
        this.settings = settings;
        this.logKeeper = new LogKeeper(store, settings);
        this.scopeWriter = new ScopeWriter(store, settings.clock());
    }

    static StoreKey key(String flowId, String sessionId) {
        return StoreKey.session(flowId + ":" + sessionId);
    }

    FlowResponse call(FlowCall call) {
        FlowResponse.Meta meta = new FlowResponse.Meta(call.flowId(), null, call.sessionId(), List.of());
        Flow current = registry.current(call.flowId());
        if (current == null) {
            return failed(meta, ErrorCode.INVALID_INPUT, "unknown flow '" + call.flowId() + "'; this server runs: "
                    + String.join(", ", registry.ids()));
        }
        String sessionId = call.sessionId();
        if (sessionId == null || sessionId.isEmpty()) {
            if (call.action() != CallAction.START) {
                return failed(meta, ErrorCode.INVALID_INPUT, "action \"" + call.action().wireName()
                        + "\" needs a sessionId: pass the sessionId returned by the previous response");
            }
            sessionId = newSessionId();
            meta = new FlowResponse.Meta(call.flowId(), null, sessionId, List.of());
        }
        String problem = checkInput(call, sessionId);
        if (problem != null) {
            ErrorCode code = problem.startsWith("stateUpdates is") ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.INVALID_INPUT;
            return failed(meta, code, problem);
        }
        StoreKey key = key(call.flowId(), sessionId);
        Map<String, JsonNode> onceCache = new HashMap<>();
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            FlowResponse response;
            try {
                response = attempt(call, current, sessionId, key, meta, onceCache);
            } catch (RuntimeException e) {
                log.error("flow {} session {}: unexpected failure; nothing was saved", call.flowId(), sessionId, e);
                return failed(meta, ErrorCode.INTERNAL, "unexpected failure (" + e.getClass().getSimpleName()
                        + "); nothing was saved");
            }
            if (response != null) {
                return response;
            }
            backoff(attempt);
        }
        return failed(meta, ErrorCode.CONFLICT, "session '" + sessionId + "' kept changing under concurrent calls ("
                + settings.maxAttempts() + " attempts); nothing was saved by this call; retry it");
    }

    /** One load-run-save attempt; null when the save lost a race and the turn must re-run. */
    private FlowResponse attempt(FlowCall call, Flow current, String sessionId, StoreKey key,
                                 FlowResponse.Meta meta, Map<String, JsonNode> onceCache) {
        Optional<Stored> stored;
        CorruptRecordException unreadable = null;
        try {
            stored = store.read(key);
        } catch (CorruptRecordException e) {
            // e.g. an encrypted record that does not decrypt: the store itself cannot read it
            stored = Optional.empty();
            unreadable = e;
        } catch (StoreException e) {
            return storeFailed(meta, e);
        }
        SessionRecord record = null;
        long unreadableItemSeq = 0;
        if (stored.isPresent() || unreadable != null) {
            try {
                if (unreadable != null) {
                    throw unreadable;
                }
                record = SessionCodec.decode(key, stored.get().value());
            } catch (CorruptRecordException e) {
                if (call.action() == CallAction.START && call.restart()) {
                    // the replacement's log must continue after the unreadable record's items
                    try {
                        unreadableItemSeq = store.readItems(key, dev.stepwise.store.ItemWindow.last(1)).stream()
                                .mapToLong(dev.stepwise.store.Item::seq).max().orElse(0);
                    } catch (StoreException storeFailure) {
                        return storeFailed(meta, storeFailure);
                    }
                } else {
                    log.warn("session {} of flow {} is unreadable", sessionId, call.flowId(), e);
                    return failed(meta, ErrorCode.INTERNAL, "the stored session '" + sessionId + "' cannot be read ("
                            + e.getMessage() + "). Other sessions are unaffected; call start with restart: true"
                            + " to replace it.");
                }
            }
        }
        if (record != null && record.userId() != null && call.userId() != null
                && !record.userId().equals(call.userId())) {
            return failed(meta, ErrorCode.INVALID_INPUT, "session '" + sessionId + "' belongs to another user");
        }
        ArrayNode leftovers = record == null || record.outbox().isEmpty() ? Json.mapper().createArrayNode()
                : scopeWriter.apply(key.id(), record.outbox());
        if (record != null && call.requestId() != null && record.answers().has(call.requestId())) {
            FlowResponse.Meta replayMeta = new FlowResponse.Meta(call.flowId(), record.flowVersion(), sessionId, List.of());
            return ResponseReader.read(replayMeta, record.answers().get(call.requestId()));
        }
        // replacing a record the store cannot read (start with restart): its version is unknown
        Expect expect = unreadable != null ? Expect.any()
                : stored.map(s -> Expect.version(s.version())).orElse(Expect.absent());
        try {
            return switch (call.action()) {
                case START -> record == null || !record.active() || call.restart()
                        ? begin(call, current, sessionId, key, expect, record, unreadableItemSeq, onceCache, leftovers)
                        : resume(call, sessionId, key, expect, record, onceCache, false, leftovers);
                case CONTINUE -> {
                    FlowResponse notLive = live(meta, record, sessionId);
                    yield notLive != null ? notLive
                            : resume(call, sessionId, key, expect, record, onceCache, false, leftovers);
                }
                case RESET -> {
                    FlowResponse notLive = live(meta, record, sessionId);
                    if (notLive != null) {
                        yield notLive;
                    }
                    if (call.stateUpdates().isEmpty()) {
                        yield failed(meta, ErrorCode.INVALID_INPUT, "action \"reset\" needs stateUpdates with the"
                                + " corrected field(s)");
                    }
                    yield resume(call, sessionId, key, expect, record, onceCache, true, leftovers);
                }
                case CANCEL -> {
                    FlowResponse notLive = live(meta, record, sessionId);
                    yield notLive != null ? notLive : cancel(call, key, expect, record, meta, leftovers);
                }
            };
        } catch (TurnFailure failure) {
            return failed(meta, failure.code, failure.getMessage());
        } catch (StoreException e) {
            return storeFailed(meta, e);
        }
    }

    /** The error for a call that needs a live session, or null when {@code record} is one. */
    private static FlowResponse live(FlowResponse.Meta meta, SessionRecord record, String sessionId) {
        if (record == null) {
            return failed(meta, ErrorCode.SESSION_NOT_FOUND, "Flow state not found for session \"" + sessionId
                    + "\". It may have expired. Use action \"start\" to begin again.");
        }
        if (!record.active()) {
            String how = record.status() == SessionStatus.CANCELLED ? "was cancelled" : "has already completed";
            return failed(meta, ErrorCode.FLOW_COMPLETED, "This flow " + how + ". Use action \"start\" to begin a new one.");
        }
        return null;
    }

    private FlowResponse begin(FlowCall call, Flow flow, String sessionId, StoreKey key, Expect expect,
                               SessionRecord previous, long unreadableItemSeq, Map<String, JsonNode> onceCache,
                               ArrayNode leftovers) {
        String runId = newRunId();
        Turn turn = new Turn(flow, sessionId, runId, call.intent(), Json.object(), Json.object(), onceCache,
                settings.clock(), scopeLoader(flow, call.userId()));
        turn.applyUpdates(call.stateUpdates());
        Turn.Outcome outcome = turn.run(flow.edgeFrom(Flow.START).targets().get(0), false);
        SessionRecord base = new SessionRecord(flow.id(), flow.version(), flow.graphHash(), runId, SessionStatus.ACTIVE,
                null, Json.object(), Json.object(), Json.object(), call.intent(), call.userId(),
                settings.clock().instant(), previous == null ? unreadableItemSeq : previous.itemSeq(),
                previous == null ? 0 : previous.turns(), leftovers);
        return save(call, flow, key, expect, base, turn, outcome, Json.object());
    }

    /** Loads a scope the first time node code touches it. */
    private java.util.function.Function<String, TurnScope> scopeLoader(Flow flow, String userId) {
        return kind -> {
            String id = kind.equals("user") ? userId : settings.projectId();
            if (id == null) {
                return TurnScope.none(kind);
            }
            StoreKey scopeKey = ScopeWriter.key(kind, id);
            dev.stepwise.flow.StateSchema declared = kind.equals("user") ? flow.userSchema() : flow.projectSchema();
            ObjectNode state = ScopeWriter.state(store.read(scopeKey));
            // A flow sees only the scope fields it declares; other flows' fields stay out of reach.
            state.retain(declared.names());
            return new TurnScope(kind, id, declared, state);
        };
    }

    private FlowResponse resume(FlowCall call, String sessionId, StoreKey key, Expect expect, SessionRecord record,
                                Map<String, JsonNode> onceCache, boolean fromStart, ArrayNode leftovers) {
        Placement placement = Placement.of(registry, record, sessionId);
        Flow flow = placement.flow();
        Turn turn = new Turn(flow, sessionId, record.runId(), record.intent(), placement.state(),
                record.once().deepCopy(), onceCache, settings.clock(),
                scopeLoader(flow, record.userId() != null ? record.userId() : call.userId()));
        turn.applyUpdates(call.stateUpdates());
        Turn.Outcome outcome = fromStart
                ? turn.run(flow.edgeFrom(Flow.START).targets().get(0), false)
                : turn.run(placement.node(), true);
        return save(call, flow, key, expect, record.withOutbox(record.turns(), leftovers), turn, outcome,
                record.state());
    }

    private FlowResponse cancel(FlowCall call, StoreKey key, Expect expect, SessionRecord record, FlowResponse.Meta meta,
                                ArrayNode leftovers) {
        record = record.withOutbox(record.turns(), leftovers);
        FlowResponse.Meta done = new FlowResponse.Meta(record.flowId(), record.flowVersion(), meta.sessionId(), List.of());
        FlowResponse response = new FlowResponse.Complete(done, null, true);
        TurnLog log = TurnLog.of(settings, record.itemSeq(), call, List.of(),
                record.state(), Json.object(), response);
        SessionRecord marker = marker(record, SessionStatus.CANCELLED, Json.object(), call, response)
                .withItemSeq(log.lastSeq());
        return write(key, expect, marker, settings.completedRetention(), log, response);
    }

    private FlowResponse save(FlowCall call, Flow flow, StoreKey key, Expect expect, SessionRecord base, Turn turn,
                              Turn.Outcome outcome, ObjectNode before) {
        FlowResponse response = outcome instanceof Turn.Outcome.Completed completed ? completed.response()
                : ((Turn.Outcome.Paused) outcome).response();
        TurnLog log = TurnLog.of(settings, base.itemSeq(), call,
                turn.logged(), before, turn.stateNode(), response);
        long turns = base.turns() + 1;
        ArrayNode outbox = base.outbox().deepCopy();
        for (TurnScope scope : turn.scopes()) {
            if (!scope.ops().isEmpty()) {
                ObjectNode entry = outbox.addObject();
                entry.put("scope", scope.kind());
                entry.put("id", scope.id());
                entry.put("seq", turns);
                entry.set("ops", scope.ops());
            }
        }
        base = base.withOutbox(turns, outbox);
        if (outcome instanceof Turn.Outcome.Completed) {
            ObjectNode kept = settings.keepCompletedState() ? turn.stateNode() : Json.object();
            SessionRecord marker = marker(base, SessionStatus.COMPLETED, kept, call, response).withItemSeq(log.lastSeq());
            return write(key, expect, marker, settings.completedRetention(), log, response);
        }
        Turn.Outcome.Paused paused = (Turn.Outcome.Paused) outcome;
        ObjectNode answers = remember(base.answers(), call, response);
        SessionRecord next = new SessionRecord(flow.id(), flow.version(), flow.graphHash(), base.runId(),
                SessionStatus.ACTIVE, paused.node(), turn.stateNode(), turn.onceResults(), answers, base.intent(),
                base.userId() != null ? base.userId() : call.userId(), base.createdAt(), log.lastSeq(), base.turns(),
                base.outbox());
        return write(key, expect, next, flow.sessionTtl(), log, response);
    }

    private SessionRecord marker(SessionRecord base, SessionStatus status, ObjectNode state, FlowCall call,
                                 FlowResponse response) {
        return new SessionRecord(base.flowId(), base.flowVersion(), base.graphHash(), base.runId(), status, null,
                state, Json.object(), remember(Json.object(), call, response), null, base.userId(),
                base.createdAt(), base.itemSeq(), base.turns(), base.outbox());
    }

    private FlowResponse write(StoreKey key, Expect expect, SessionRecord record, Duration ttl, TurnLog log,
                               FlowResponse response) {
        byte[] bytes = SessionCodec.encode(record);
        if (bytes.length > settings.maxRecordBytes()) {
            return failed(response.meta(), ErrorCode.PAYLOAD_TOO_LARGE, "the session would grow to " + bytes.length
                    + " bytes, over the limit of " + settings.maxRecordBytes() + "; nothing was saved");
        }
        RecordAttributes attributes = new RecordAttributes(record.flowId(), record.status().label(), record.userId());
        WriteResult result;
        try {
            result = store.write(new Write(key, bytes, expect, ttl, attributes, log.stored()));
        } catch (StoreException e) {
            return storeFailed(response.meta(), e);
        }
        if (!(result instanceof WriteResult.Written)) {
            return null;
        }
        logKeeper.saved(key, record.flowId(), response.meta().sessionId(), log);
        if (!record.outbox().isEmpty()) {
            scopeWriter.apply(key.id(), record.outbox());
        }
        return response;
    }

    private static ObjectNode remember(ObjectNode previous, FlowCall call, FlowResponse response) {
        ObjectNode answers = previous.deepCopy();
        if (call.requestId() != null) {
            answers.set(call.requestId(), response.toJson(false));
            Iterator<String> oldest = answers.propertyNames().iterator();
            while (answers.size() > MAX_ANSWERS_KEPT && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        }
        return answers;
    }

    private String checkInput(FlowCall call, String sessionId) {
        if (sessionId.length() > MAX_SESSION_ID) {
            return "sessionId is " + sessionId.length() + " characters long; the limit is " + MAX_SESSION_ID;
        }
        for (int i = 0; i < sessionId.length(); i++) {
            if (Character.isISOControl(sessionId.charAt(i))) {
                return "sessionId contains a control character at index " + i;
            }
        }
        try {
            StoreKey.checkId(sessionId);
        } catch (IllegalArgumentException e) {
            return "sessionId is not usable: " + e.getMessage().replace("record id", "it");
        }
        if (call.requestId() != null && (call.requestId().isEmpty() || call.requestId().length() > MAX_REQUEST_ID)) {
            return "requestId must be 1.." + MAX_REQUEST_ID + " characters";
        }
        String shape = InputShape.problem(call.stateUpdates(), "stateUpdates");
        if (shape == null) {
            shape = InputShape.problem(call.intent(), "intent");
        }
        if (shape == null) {
            shape = InputShape.problem(call.context(), "context");
        }
        if (shape == null) {
            shape = InputShape.problem(call.requestId(), "requestId");
        }
        if (shape != null) {
            return shape;
        }
        int size = Json.size(call.stateUpdates());
        if (size > settings.maxUpdateBytes()) {
            return "stateUpdates is " + size + " bytes; the limit is " + settings.maxUpdateBytes();
        }
        return null;
    }

    private static FlowResponse storeFailed(FlowResponse.Meta meta, StoreException e) {
        if (e instanceof StoreUnavailableException) {
            log.warn("store unavailable for flow {} session {}: {}", meta.flowId(), meta.sessionId(), e.getMessage());
            return failed(meta, ErrorCode.STORE_UNAVAILABLE, "the session store is unavailable (" + e.getMessage()
                    + "); nothing was saved. Retry the same call shortly.");
        }
        log.error("store failure for flow {} session {}", meta.flowId(), meta.sessionId(), e);
        return failed(meta, ErrorCode.INTERNAL, "the session store failed: " + e.getMessage());
    }

    static FlowResponse failed(FlowResponse.Meta meta, ErrorCode code, String message) {
        return new FlowResponse.Failed(meta, code, message);
    }

    private static void backoff(int attempt) {
        long maxMicros = Math.min(50_000, 500L << Math.min(attempt, 10));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros) * 1000);
    }

    static String newSessionId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String newRunId() {
        byte[] bytes = new byte[9];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
