package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.State;
import dev.stepwise.scope.Resources;
import dev.stepwise.store.VersionedStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 */
public final class FlowEngine {

    private final FlowRegistry registry;
    private final CallHandler handler;
    private final SessionAccess sessions;
    private final Resources resources;
    private final ScopeAccess scopes;

    private FlowEngine(Builder b) {
        this.registry = b.registry;
        this.registry.check();
        EngineSettings settings = new EngineSettings(b.clock, b.maxAttempts, b.maxUpdateBytes, b.maxRecordBytes,
                b.completedRetention, b.keepCompletedState, b.logPolicy, List.copyOf(b.listeners), b.projectId);
        this.handler = new CallHandler(registry, b.store, settings);
        this.resources = new Resources(b.store, b.maxResourceBytes, b.resourceTtl);
        this.sessions = new SessionAccess(registry, b.store, settings, resources);
        this.scopes = new ScopeAccess(registry, b.store);
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
            return CallHandler.failed(new FlowResponse.Meta(flowId, null, sessionId, List.of()),
                    ErrorCode.INVALID_INPUT, e.getMessage());
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

    /** The state of a live session, if there is one. */
    public Optional<State> state(String flowId, String sessionId) {
        return sessions.state(flowId, sessionId);
    }

    /** One field (or dot path) of a live session's state, if set. */
    public Optional<JsonNode> field(String flowId, String sessionId, String path) {
        return sessions.state(flowId, sessionId).map(s -> s.get(path)).map(JsonNode::deepCopy);
    }

    /**
     * Sets one declared field of a live session, checked and coerced like a model's answer.
     *
     * @throws IllegalArgumentException when the field is undeclared or the value is refused (the reason)
     * @throws java.util.NoSuchElementException when there is no live session
     * @throws dev.stepwise.store.StoreException when the store fails
     */
    public void setField(String flowId, String sessionId, String path, Object value) {
        sessions.setField(flowId, sessionId, path, value);
    }

    /**
     * A window of a session's stored conversation log, oldest first: e.g. {@code ItemWindow.last(50)}
     * or {@code ItemWindow.after(seq, 100)}.
     */
    public List<LogItem> log(String flowId, String sessionId, dev.stepwise.store.ItemWindow window) {
        return sessions.log(flowId, sessionId, window);
    }

    /** A page of sessions matching {@code query}; undecodable records are reported in the page. */
    public SessionPage listSessions(SessionQuery query) {
        return sessions.list(query);
    }

    /**
     * Deletes everything stored about a user: their sessions (with logs and resources), their user
     * scope and resources they own. What a GDPR erasure request needs.
     */
    public Erasure eraseUser(String userId) {
        return sessions.eraseUser(userId);
    }

    /** The state of a user or project scope, if it has any. */
    public Optional<State> scopeState(dev.stepwise.scope.ScopeRef scope) {
        return scopes.state(scope);
    }

    /**
     * Sets a user or project scope field that a registered flow declares, checked like an answer.
     *
     * @throws IllegalArgumentException when no flow declares the field or the value is refused
     */
    public void setScopeField(dev.stepwise.scope.ScopeRef scope, String path, Object value) {
        scopes.set(scope, path, value);
    }

    /** Named content attached to sessions, users and projects, in this engine's store. */
    public Resources resources() {
        return resources;
    }

    /** The stored log items of a session's last {@code turns} turns, oldest first. */
    public List<LogItem> lastTurns(String flowId, String sessionId, int turns) {
        if (turns < 1) {
            throw new IllegalArgumentException("turns must be positive");
        }
        return sessions.lastTurns(flowId, sessionId, turns);
    }

    /** Deletes a session with its log and resources, whatever its status. Returns whether one existed. */
    public boolean deleteSession(String flowId, String sessionId) {
        return sessions.delete(flowId, sessionId);
    }

    /** Configures a {@link FlowEngine}. */
    public static final class Builder {
        private final FlowRegistry registry = new FlowRegistry();
        private VersionedStore store;
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
        private final java.util.List<LogListener> listeners = new java.util.ArrayList<>();

        private Builder() {}

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
            dev.stepwise.store.StoreKey.checkId(value);
            this.projectId = value;
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

        /** Keep the final state in the completion marker instead of deleting it (default false). */
        public Builder keepCompletedState(boolean value) {
            this.keepCompletedState = value;
            return this;
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
