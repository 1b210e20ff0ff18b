package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.support.CasRetry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call: check the input, then load → run the turn → save, re-running the whole turn on a
 * fresh load (through {@link CasRetry}) when the compare-and-set save loses a race. The call's
 * {@link CallClaims} live across those attempts; a call that fails releases the claims it wrote.
 * With an {@link EngineObserver}, each call is timed and counted into a {@link TurnReport}; without
 * one, nothing is measured.
 */
final class CallHandler {

    private static final Logger log = LoggerFactory.getLogger(CallHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FlowRegistry registry;
    private final EngineSettings settings;
    private final CasRetry retry;
    private final SessionLoader loader;
    private final TurnRunner runner;
    private final ClaimWriter claimWriter;
    private final EngineObserver observer;
    private final VersionedStore store;
    private final SessionCache sessions;

    /** @param observer a {@link SafeObserver}, or {@link EngineObserver#NONE} */
    CallHandler(FlowRegistry registry, VersionedStore store, EngineSettings settings, EngineObserver observer) {
        this.registry = registry;
        this.observer = observer;
        this.settings = settings;
        this.retry = CasRetry.of(settings.maxAttempts(), Duration.ofMillis(1), Duration.ofMillis(50));
        ScopeWriter scopeWriter = new ScopeWriter(store, settings.clock());
        this.store = store;
        this.sessions = new SessionCache(settings.sessionCacheSize());
        this.claimWriter = new ClaimWriter(store, settings.clock(), sessions);
        this.loader = new SessionLoader(
                store, scopeWriter, new RequestGate(store, settings, claimWriter, sessions), sessions);
        this.runner = new TurnRunner(
                registry,
                store,
                settings,
                new TurnSaver(store, settings, scopeWriter, sessions),
                claimWriter,
                sessions);
    }

    FlowResponse call(FlowCall call) {
        if (observer == EngineObserver.NONE) {
            return handle(call, CallTally.OFF);
        }
        String flowId = registry.current(call.flowId()) == null ? null : call.flowId();
        EngineObserver.Watch<TurnReport> watch = observer.turn(flowId, call.action());
        long start = System.nanoTime();
        CallTally tally = CallTally.counting();
        FlowResponse response = null;
        try {
            response = handle(call, tally);
            return response;
        } finally {
            watch.ended(tally.report(flowId, call.action(), response, System.nanoTime() - start));
        }
    }

    /** Reports a call refused before it could be decoded, when observed; returns {@code refusal}. */
    FlowResponse refused(String flowId, FlowResponse refusal) {
        if (observer != EngineObserver.NONE) {
            String known = registry.current(flowId) == null ? null : flowId;
            observer.turn(known, null).ended(CallTally.counting().report(known, null, refusal, 0));
        }
        return refusal;
    }

    private FlowResponse handle(FlowCall call, CallTally tally) {
        FlowResponse.Meta meta = new FlowResponse.Meta(call.flowId(), null, call.sessionId(), List.of());
        Flow current = registry.current(call.flowId());
        if (current == null) {
            return Failures.failed(
                    meta, ErrorCode.INVALID_INPUT, ModelTexts.unknownFlow(call.flowId(), registry.ids()));
        }
        String sessionId = call.sessionId();
        if (sessionId == null || sessionId.isEmpty()) {
            if (call.action() != CallAction.START) {
                return Failures.failed(meta, ErrorCode.INVALID_INPUT, ModelTexts.needsSessionId(call.action()));
            }
            sessionId = newSessionId();
            meta = new FlowResponse.Meta(call.flowId(), null, sessionId, List.of());
        }
        CallInput.Problem problem = CallInput.check(call, sessionId, settings.maxUpdateBytes());
        if (problem != null) {
            // a refused id is not echoed: it may be huge, or crafted to look like another session's
            FlowResponse.Meta answered =
                    problem.sessionIdRefused() ? new FlowResponse.Meta(call.flowId(), null, null, List.of()) : meta;
            return Failures.failed(answered, problem.code(), problem.message());
        }
        StoreKey key = SessionKeys.key(call.flowId(), sessionId);
        CallClaims claims = new CallClaims(tally);
        FlowResponse response = run(call, current, sessionId, key, meta, claims);
        if (response instanceof FlowResponse.Failed && claims.hasWritten()) {
            // nothing of this call was saved: duplicates need not wait for its claims to lapse
            claimWriter.release(key, claims.owner(), sessionId);
        }
        return response;
    }

    private FlowResponse run(
            FlowCall call, Flow current, String sessionId, StoreKey key, FlowResponse.Meta meta, CallClaims claims) {
        try {
            return retry.run(n -> {
                        Guess guess = n == 1 ? guessFor(call, key) : null;
                        if (guess != null) {
                            claims.tally().attempt();
                            FlowResponse response = guessed(call, current, sessionId, key, meta, claims, guess);
                            if (response != null) {
                                return Optional.of(response);
                            }
                            // the store holds another record than the guessed one (another server's turn,
                            // or a racing call's): read it and run again at once, with no backoff
                            claims.tally().conflict();
                            sessions.shared(key);
                        }
                        claims.tally().attempt();
                        FlowResponse response = attempt(call, current, sessionId, key, meta, claims, null);
                        if (response == null) {
                            claims.tally().conflict();
                        }
                        return Optional.ofNullable(response);
                    })
                    .orElseGet(() -> Failures.failed(
                            meta, ErrorCode.CONFLICT, ModelTexts.keptChanging(sessionId, settings.maxAttempts())));
        } catch (RuntimeException e) {
            log.error(
                    "flow {} session {}: unexpected failure; nothing was saved",
                    call.flowId(),
                    SessionFingerprint.of(sessionId),
                    e);
            return Failures.failed(meta, ErrorCode.INTERNAL, ModelTexts.unexpectedFailure(e));
        }
    }

    /**
     * What to run the turn on without reading the record first, or null to read it. A plain
     * continue runs on the record this engine remembers of a live session; a plain start on a
     * session this engine does not know runs as on a new one (its save creates the record, and
     * finds any that exists). A reset, a cancel, a restart and a call with a requestId read, as
     * their outcomes depend on more of the record than a compare-and-set save checks.
     */
    private @Nullable Guess guessFor(FlowCall call, StoreKey key) {
        if (settings.readEveryTurn() || call.requestId() != null) {
            return null;
        }
        if (call.action() == CallAction.CONTINUE) {
            Stored remembered = sessions.guess(key);
            return remembered == null ? null : new Guess(remembered);
        }
        if (call.action() == CallAction.START && !call.restart() && sessions.unknown(key)) {
            return Guess.ABSENT;
        }
        return null;
    }

    /**
     * An attempt on the record this engine last saw of the session, not read again: the turn's
     * compare-and-set save (or its first {@code ctx.once} claim) is what confirms the guess. Null
     * when the guess was stale, and the turn must run again on a fresh read.
     */
    private @Nullable FlowResponse guessed(
            FlowCall call,
            Flow current,
            String sessionId,
            StoreKey key,
            FlowResponse.Meta meta,
            CallClaims claims,
            Guess guess) {
        FlowResponse response = attempt(call, current, sessionId, key, meta, claims, guess);
        if (!(response instanceof FlowResponse.Failed failed)
                || failed.code() == ErrorCode.STORE_UNAVAILABLE
                || failed.code() == ErrorCode.INTERNAL) {
            // saved over the guess (or lost: null); a failing store is answered as on any attempt
            return response;
        }
        // refused with nothing saved: the refusal counts only if the store holds what the turn ran on
        Expect confirmed = claims.expected().current();
        try {
            Optional<Stored> stored = store.read(key);
            boolean held = stored.isPresent()
                    ? confirmed instanceof Expect.Version v
                            && v.version() == stored.get().version()
                    : confirmed.equals(Expect.absent());
            return held ? response : null;
        } catch (StoreException e) {
            return Failures.storeFailed(meta, e);
        }
    }

    /**
     * One load-run-save attempt, on {@code guess} when not null; null when the save lost a race (or
     * the guess was stale) and the turn must re-run.
     */
    private @Nullable FlowResponse attempt(
            FlowCall call,
            Flow current,
            String sessionId,
            StoreKey key,
            FlowResponse.Meta meta,
            CallClaims claims,
            @Nullable Guess guess) {
        SessionLoader.Loaded loaded = loader.load(call, current, sessionId, key, meta, claims, guess);
        if (loaded instanceof SessionLoader.Loaded.Reply reply) {
            return reply.response();
        }
        if (loaded instanceof SessionLoader.Loaded.Reload) {
            return null;
        }
        Attempt attempt = ((SessionLoader.Loaded.Run) loaded).attempt();
        SessionRecord record = attempt.record();
        try {
            // every action but a start needs a live session
            FlowResponse notLive = call.action() == CallAction.START ? null : notLive(attempt);
            if (notLive != null) {
                return notLive;
            }
            return switch (call.action()) {
                case START ->
                    record == null || !record.active() || record.starting() || call.restart()
                            ? runner.begin(attempt, current)
                            : runner.resume(attempt, false);
                case CONTINUE -> runner.resume(attempt, false);
                case RESET ->
                    call.stateUpdates().isEmpty()
                            ? Failures.failed(meta, ErrorCode.INVALID_INPUT, ModelTexts.resetNeedsUpdates())
                            : runner.resume(attempt, true);
                case CANCEL -> runner.cancel(attempt);
            };
        } catch (TurnFailure.Stale stale) {
            return null;
        } catch (TurnFailure failure) {
            return Failures.failed(meta, failure.code, failure.text());
        } catch (StoreException e) {
            if (guess != null && e instanceof CorruptRecordException) {
                // a claim over the guessed record met one the store cannot read: a fresh read answers it
                return null;
            }
            return Failures.storeFailed(meta, e);
        }
    }

    /** The error for a call that needs a live session, or null when the attempt loaded one. */
    private static @Nullable FlowResponse notLive(Attempt attempt) {
        SessionRecord record = attempt.record();
        if (record == null) {
            return Failures.failed(
                    attempt.meta(), ErrorCode.SESSION_NOT_FOUND, ModelTexts.sessionNotFound(attempt.sessionId()));
        }
        if (!record.active()) {
            return Failures.failed(attempt.meta(), ErrorCode.FLOW_COMPLETED, ModelTexts.flowEnded(record.status()));
        }
        return null;
    }

    static String newSessionId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
