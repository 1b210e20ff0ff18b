package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowMigration;
import dev.stepwise.flow.Migration;
import dev.stepwise.internal.engine.ToolArguments;
import dev.stepwise.scope.Resources;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.VersionedStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Runs flows against a store. Thread-safe; one engine serves every session of every registered
 * flow, and any number of engines (in one process or many) may share one store.
 *
 * <h2>What a call guarantees</h2>
 * <ul>
 *   <li><b>Atomic turn.</b> A call's whole effect (session record and log items) is saved in one
 *       conditional write, or nothing is; the response never claims what was not saved. A node that
 *       throws leaves the stored session as it was.</li>
 *   <li><b>No lost update.</b> Saves are compare-and-set on the record version; a call that loses a
 *       race reloads and re-runs its turn (bounded, jittered), then answers {@code CONFLICT}
 *       (retryable). Effects inside {@code ctx.once} are not repeated by re-runs.</li>
 *   <li><b>Isolation.</b> Sessions are stored per flow, so two flows in one conversation never touch
 *       each other's state; node code sees only its own session.</li>
 *   <li><b>Idempotency.</b> A call repeating an answered {@code requestId} gets the same answer
 *       without running anything.</li>
 *   <li><b>Lifecycle.</b> Every save carries the flow's session TTL. On completion the state is deleted
 *       and a small marker is kept for the completed-retention period, so a late {@code continue}
 *       gets {@code FLOW_COMPLETED}; after that, {@code SESSION_NOT_FOUND}. Never a resurrection.</li>
 *   <li><b>Versioning.</b> A session runs only on the flow version (and graph) it started on, a
 *       registered migration's target, or not at all ({@code FLOW_VERSION_MISMATCH}).</li>
 * </ul>
 *
 * <p>The engine itself runs calls; what applications do around them sits behind views:
 * {@link #sessions()} (state, logs, listing, deletion, erasure), {@link #scopes()} (user and project
 * state) and {@link #resources()} (named content).
 */
public final class FlowEngine {

    private final FlowRegistry registry;
    private final CallHandler handler;
    private final Sessions sessions;
    private final Resources resources;
    private final Scopes scopes;

    private FlowEngine(Builder b) {
        this.registry = b.registry;
        this.registry.check();
        // each one safe on its own, so one failing observer does not silence the others
        EngineObserver observer =
                ObserverChain.of(b.observers.stream().map(SafeObserver::of).toList());
        VersionedStore store = b.observedStore(observer);
        this.handler = new CallHandler(registry, store, b.settings(), observer);
        this.resources = b.resources(store);
        this.sessions = b.sessions(store, resources, observer);
        this.scopes = new Scopes(registry, store);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs one call. Never throws for bad input or store failures: those are error responses. */
    public FlowResponse call(FlowCall call) {
        return handler.call(call);
    }

    /**
     * Decodes flow-tool arguments and runs the call; undecodable arguments get an
     * {@code INVALID_INPUT} response.
     *
     * @param sessionId a session id supplied by the host outside the arguments, or null
     * @param userId    the authenticated user, or null
     */
    public FlowResponse call(String flowId, JsonNode arguments, String sessionId, String userId) {
        FlowCall call;
        try {
            call = ToolArguments.decode(flowId, arguments, sessionId, userId);
        } catch (ToolArguments.Invalid e) {
            // the id is echoed only when usable: a refused one may be huge or crafted
            String echoed = sessionId == null || SessionIdRules.problem(sessionId) != null ? null : sessionId;
            return handler.refused(
                    flowId,
                    Failures.failed(
                            new FlowResponse.Meta(flowId, null, echoed, List.of()),
                            ErrorCode.INVALID_INPUT,
                            String.valueOf(e.getMessage())));
        }
        return handler.call(call);
    }

    /** The current version of every registered flow. */
    public List<Flow> flows() {
        return registry.currentFlows();
    }

    /** The current version of a flow. */
    public Optional<Flow> flow(String flowId) {
        return Optional.ofNullable(registry.current(flowId));
    }

    /**
     * Session administration: state, fields, logs, listing, deletion, purge and user erasure. The
     * same view for every call; operations on it are thread-safe.
     */
    public Sessions sessions() {
        return sessions;
    }

    /** User and project scopes, read and written outside any flow. */
    public Scopes scopes() {
        return scopes;
    }

    /** Named content attached to sessions, users and projects, in this engine's store. */
    public Resources resources() {
        return resources;
    }

    /** Configures a {@link FlowEngine}. */
    public static final class Builder {
        private final FlowRegistry registry = new FlowRegistry();
        private @Nullable VersionedStore store;
        private Clock clock = Clock.systemUTC();
        private int maxAttempts = 8;
        private int maxUpdateBytes = 64 * 1024;
        private int maxRecordBytes = 512 * 1024;
        private Duration completedRetention = Duration.ofHours(1);
        private boolean keepCompletedState;
        private LogPolicy logPolicy = LogPolicy.DEFAULT;
        private int maxResourceBytes = Resources.DEFAULT_MAX_BYTES;
        private String projectId = "default";
        private Duration resourceTtl = Duration.ofDays(365);
        private final List<LogListener> listeners = new ArrayList<>();
        private Duration idempotencyWindow = Duration.ofHours(24);
        private int maxAnswerBytes = 128 * 1024;
        private Duration claimLease = Duration.ofSeconds(30);
        private Duration claimWait = Duration.ofSeconds(5);
        private int sessionCacheSize = 1_000;
        private boolean readEveryTurn;
        private final List<EngineObserver> observers = new ArrayList<>();
        private @Nullable String storeName;

        private Builder() {}

        /**
         * How long answers are kept for requestId replay (default 24 hours; a session's own life
         * caps it), and the bound on the bytes a session keeps for them (default 128 KiB). No answer
         * younger than the window is dropped: while the kept answers exceed the bound, a call with a
         * new requestId is refused with {@code PAYLOAD_TOO_LARGE} (calls without one still run).
         */
        public Builder idempotency(Duration window, int maxBytes) {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the idempotency window must be positive");
            }
            this.idempotencyWindow = window;
            this.maxAnswerBytes = positive(maxBytes, "maxAnswerBytes");
            return this;
        }

        /**
         * How long a claim on a requestId or {@code ctx.once} key holds (default 30 s; make it longer
         * than the slowest turn: a turn outliving its lease can be run a second time), and how long a
         * duplicate waits for the claimant's outcome before answering the retryable {@code IN_PROGRESS}
         * (default 5 s).
         */
        public Builder claims(Duration lease, Duration wait) {
            if (lease.isNegative() || lease.isZero() || wait.isNegative()) {
                throw new IllegalArgumentException("the claim lease must be positive and the wait not negative");
            }
            this.claimLease = lease;
            this.claimWait = wait;
            return this;
        }

        /** Which conversation-log items are stored and how long (default {@link LogPolicy#DEFAULT}). */
        public Builder logPolicy(LogPolicy value) {
            this.logPolicy = Objects.requireNonNull(value, "logPolicy");
            return this;
        }

        /** Largest resource content accepted (default 1 MiB) and how long resources live (default 365 days). */
        public Builder resourceLimits(int maxBytes, Duration ttl) {
            this.maxResourceBytes = positive(maxBytes, "maxResourceBytes");
            this.resourceTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** The id of the project scope shared by every user of this deployment (default {@code default}). */
        public Builder projectId(String value) {
            StoreKey.checkId(value);
            this.projectId = value;
            return this;
        }

        /**
         * Adds an observer of every call's turn and every store operation, for metrics and tracing
         * (default: none, and nothing is measured). Several are told everything in the order added.
         * See {@link EngineObserver} for what the engine guarantees them; {@code stepwise-micrometer}
         * has them for Micrometer metrics and observations.
         */
        public Builder observer(EngineObserver value) {
            observers.add(Objects.requireNonNull(value, "observer"));
            return this;
        }

        /**
         * The store's name in {@link StoreCall}s, e.g. {@code postgresql} (default: from the store's
         * class, {@code MemoryStore} giving {@code memory}). Keep it short and fixed: it becomes a
         * metric tag.
         */
        public Builder storeName(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("storeName must not be blank");
            }
            this.storeName = value;
            return this;
        }

        /** Receives every item of each saved turn, transient ones included. */
        public Builder listener(LogListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** The store sessions live in (required). Wrap a {@code KvStore} with {@code KvStores.versioned}. */
        public Builder store(VersionedStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * Registers a flow. Register several versions of one flow (oldest first) so sessions started
         * on an old version finish on it; the last registered is what {@code start} begins.
         */
        public Builder register(Flow... flows) {
            for (Flow flow : flows) {
                registry.register(flow);
            }
            return this;
        }

        /** Moves sessions of {@code flowId} from version {@code from} to version {@code to}. */
        public Builder migration(String flowId, String from, String to, Migration migration) {
            registry.migration(flowId, from, to, Objects.requireNonNull(migration, "migration"));
            return this;
        }

        /** Registers a declared migration (as listed by a {@link dev.stepwise.flow.FlowProvider}). */
        public Builder migration(FlowMigration migration) {
            return migration(migration.flowId(), migration.from(), migration.to(), migration.migration());
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Attempts per call when saves lose compare-and-set races (default 8). */
        public Builder maxAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = value;
            return this;
        }

        /** Largest stateUpdates accepted, in JSON bytes (default 64 KiB). */
        public Builder maxUpdateBytes(int value) {
            this.maxUpdateBytes = positive(value, "maxUpdateBytes");
            return this;
        }

        /** Largest session record saved, in bytes (default 512 KiB). */
        public Builder maxRecordBytes(int value) {
            this.maxRecordBytes = positive(value, "maxRecordBytes");
            return this;
        }

        /** How long the marker of a completed or cancelled session is kept (default 1 hour). */
        public Builder completedRetention(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("completedRetention must be positive");
            }
            this.completedRetention = value;
            return this;
        }

        /**
         * How many live sessions' decoded records the engine keeps between turns (default 1,000; 0
         * keeps none). A turn that reads back the bytes this engine last wrote or read for its session
         * skips decoding them; a record changed by anyone else (another server, an admin command, an
         * expiry) is read and decoded as usual, so the cache never serves a stale session. It also
         * lets a turn skip the read itself ({@link #readEveryTurn}). Each kept session costs its
         * record's bytes and decoded tree, a few KiB for a small flow.
         */
        public Builder sessionCache(int maxSessions) {
            if (maxSessions < 0) {
                throw new IllegalArgumentException("the session cache size must not be negative");
            }
            this.sessionCacheSize = maxSessions;
            return this;
        }

        /**
         * Whether a turn always reads its session from the store first (default false).
         *
         * <p>By default a {@code continue} without a {@code requestId} on a session this engine saved
         * or read last runs on the record it remembers ({@link #sessionCache}) and skips the read:
         * one store round trip per turn instead of two. Its compare-and-set save (or its first
         * {@code ctx.once} claim, before the body runs) checks the store still holds that record; if
         * another server or an admin command changed it, the turn runs again at once on a fresh read,
         * as after any lost race, and that session is read first on every later turn here. Node code
         * outside {@code ctx.once} may then run twice for that call, which a lost race can cause
         * anyway. Behind a load balancer that moves each call of a session to another server, each
         * session pays that once per server. Likewise a {@code start} without a {@code requestId}
         * or {@code restart}, on a session id this engine holds nothing of, runs as a new session
         * without a read: its save creates the record only if none exists, and if one does, the
         * turn runs again on a fresh read. Set true to read before every turn instead.
         */
        public Builder readEveryTurn(boolean value) {
            this.readEveryTurn = value;
            return this;
        }

        /** Keep the final state in the completion marker instead of deleting it (default false). */
        public Builder keepCompletedState(boolean value) {
            this.keepCompletedState = value;
            return this;
        }

        EngineSettings settings() {
            return new EngineSettings(
                    clock,
                    maxAttempts,
                    maxUpdateBytes,
                    maxRecordBytes,
                    completedRetention,
                    keepCompletedState,
                    logPolicy,
                    List.copyOf(listeners),
                    projectId,
                    idempotencyWindow,
                    maxAnswerBytes,
                    claimLease,
                    claimWait,
                    sessionCacheSize,
                    readEveryTurn);
        }

        Resources resources(VersionedStore value) {
            return new Resources(value, maxResourceBytes, resourceTtl);
        }

        Sessions sessions(VersionedStore value, Resources resources, EngineObserver observer) {
            return new Sessions(registry, value, maxAttempts, resources, observer);
        }

        /** The store the engine uses: the given one, timed when {@code observer} watches. */
        VersionedStore observedStore(EngineObserver observer) {
            VersionedStore value = Objects.requireNonNull(store, "store");
            if (observer == EngineObserver.NONE) {
                return value;
            }
            return new ObservedStore(value, storeName != null ? storeName : StoreNames.of(value), observer);
        }

        /** The session view alone, for tools that run no flows ({@link Sessions#of}). */
        Sessions sessionsOnly() {
            if (store == null) {
                throw new IllegalStateException("sessions need a store");
            }
            return sessions(store, resources(store), EngineObserver.NONE);
        }

        public FlowEngine build() {
            if (store == null) {
                throw new IllegalStateException("FlowEngine needs a store: builder().store(...)");
            }
            if (registry.ids().isEmpty()) {
                throw new IllegalStateException("FlowEngine needs at least one flow: builder().register(...)");
            }
            return new FlowEngine(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
