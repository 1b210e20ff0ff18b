package dev.stepwise.engine;

import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.State;
import dev.stepwise.internal.flow.FieldCheck;
import dev.stepwise.internal.json.JsonPaths;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.scope.Resources;
import dev.stepwise.scope.ScopeKind;
import dev.stepwise.scope.ScopeRef;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.support.CasRetry;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Session administration for applications and tools, outside any turn: read a session's state and
 * log, set a field, list, delete, purge, and erase everything of a user. The view
 * {@link FlowEngine#sessions()} returns; {@link #of(VersionedStore)} gives one for tools that run no
 * flows. Thread-safe.
 *
 * <p>Guarantees: reads see the latest saved turn; {@link #setField} is a compare-and-set on the
 * session record, so it never loses a concurrent turn's save (it retries, then gives up without
 * writing); deletions remove the session's record, its log and its resources, so nothing of a
 * deleted session comes back. Store failures are thrown as {@link dev.stepwise.store.StoreException}.
 */
public final class Sessions {

    private static final int PAGE = 200;

    private final FlowRegistry registry;
    private final VersionedStore store;
    private final CasRetry retry;
    private final Resources resources;
    private final EngineObserver observer;

    Sessions(
            FlowRegistry registry,
            VersionedStore store,
            int maxAttempts,
            Resources resources,
            EngineObserver observer) {
        this.observer = observer;
        this.registry = registry;
        this.store = store;
        this.retry = CasRetry.immediate(maxAttempts);
        this.resources = resources;
    }

    /**
     * Administration of the sessions in {@code store} for a tool that runs no flows (a command line,
     * a maintenance job). Everything works except {@link #setField}, which needs the session's flow
     * and so fails for every session.
     */
    public static Sessions of(VersionedStore store) {
        return FlowEngine.builder().store(store).sessionsOnly();
    }

    /** The state of a live session, if there is one. */
    public Optional<State> state(String flowId, String sessionId) {
        StoreKey key = SessionKeys.key(flowId, sessionId);
        return store.read(key)
                .map(s -> SessionCodec.decode(key, s.value()))
                .filter(SessionRecord::active)
                .map(r -> State.of(r.state()));
    }

    /** One field (or dot path) of a live session's state, if set; a copy. */
    public Optional<JsonNode> field(String flowId, String sessionId, String path) {
        return state(flowId, sessionId).map(s -> s.get(path)).map(JsonNode::deepCopy);
    }

    /**
     * Sets one declared field of a live session, checked and coerced like a model's answer.
     *
     * @throws IllegalArgumentException when the field is undeclared or the value is refused (the reason)
     * @throws NoSuchElementException when there is no live session
     * @throws IllegalStateException when the session's flow version is not registered, or the session
     *     kept changing under concurrent turns (nothing was set)
     * @throws dev.stepwise.store.StoreException when the store fails
     */
    public void setField(String flowId, String sessionId, String path, Object value) {
        StoreKey key = SessionKeys.key(flowId, sessionId);
        boolean settled = RecordUpdate.run(store, key, retry, current -> {
            Stored stored = current.orElseThrow(() -> notFound(flowId, sessionId));
            SessionRecord record = SessionCodec.decode(key, stored.value());
            if (!record.active()) {
                throw notFound(flowId, sessionId);
            }
            Flow flow = registry.version(flowId, record.flowVersion());
            if (flow == null) {
                throw new IllegalStateException("session '" + sessionId + "' runs on flow version "
                        + record.flowVersion() + ", which is not registered");
            }
            FieldSpec spec = flow.schema().resolve(path);
            if (spec == null) {
                throw new IllegalArgumentException("flow '" + flowId + "' declares no field '" + path + "'");
            }
            ObjectNode state = record.state().deepCopy();
            JsonPaths.set(state, path, FieldCheck.accept(spec, value));
            SessionRecord next = record.withState(state);
            return Optional.of(new RecordUpdate.Replacement(
                    SessionCodec.encode(next),
                    flow.sessionTtl(),
                    new RecordAttributes(flowId, record.status().label(), record.userId())));
        });
        if (!settled) {
            throw new IllegalStateException(
                    "session '" + sessionId + "' kept changing; field '" + path + "' was not set");
        }
    }

    /**
     * A window of a session's stored conversation log, oldest first: e.g. {@code ItemWindow.last(50)}
     * or {@code ItemWindow.after(seq, 100)}.
     */
    public List<LogItem> log(String flowId, String sessionId, ItemWindow window) {
        StoreKey key = SessionKeys.key(flowId, sessionId);
        return store.readItems(key, window).stream()
                .map(item -> {
                    try {
                        return new LogItem(item.seq(), item.kind(), item.at(), Json.parse(item.payload()));
                    } catch (JsonException e) {
                        throw new CorruptRecordException(key + " item " + item.seq(), e.getMessage(), e);
                    }
                })
                .toList();
    }

    /**
     * The stored log items of a session's last {@code turns} turns (a turn starts with its tool
     * item), oldest first.
     *
     * @throws IllegalArgumentException when {@code turns < 1}
     */
    public List<LogItem> lastTurns(String flowId, String sessionId, int turns) {
        if (turns < 1) {
            throw new IllegalArgumentException("turns must be positive");
        }
        int window = Math.min(ItemWindow.MAX_LIMIT, Math.max(16, turns * 8));
        while (true) {
            List<LogItem> items = log(flowId, sessionId, ItemWindow.last(window));
            int seen = 0;
            for (int i = items.size() - 1; i >= 0; i--) {
                if (items.get(i).kind().equals(LogItem.TOOL) && ++seen == turns) {
                    return items.subList(i, items.size());
                }
            }
            if (items.size() < window || window == ItemWindow.MAX_LIMIT) {
                return items;
            }
            window = Math.min(ItemWindow.MAX_LIMIT, window * 4);
        }
    }

    /** A page of sessions matching {@code query}; undecodable records are reported in the page. */
    public SessionPage list(SessionQuery query) {
        Page page = store.list(query.toStoreQuery());
        List<SessionSummary> sessions = new ArrayList<>();
        List<Page.Unreadable> unreadable = new ArrayList<>(page.unreadable());
        for (Stored stored : page.records()) {
            try {
                SessionRecord r = SessionCodec.decode(stored.key(), stored.value());
                sessions.add(new SessionSummary(
                        r.flowId(),
                        SessionKeys.sessionId(r.flowId(), stored.key().id()),
                        r.flowVersion(),
                        r.status(),
                        r.node(),
                        r.userId(),
                        stored.updatedAt(),
                        stored.expiresAt()));
            } catch (CorruptRecordException e) {
                unreadable.add(new Page.Unreadable(stored.key().toString(), e.getMessage()));
            }
        }
        return new SessionPage(sessions, unreadable, page.nextCursor());
    }

    /**
     * A session's record as the store holds it, whatever its status and without decoding it: for
     * inspection tools (an encrypted store opened without its keys returns the sealed bytes).
     */
    public Optional<Stored> record(String flowId, String sessionId) {
        return store.read(SessionKeys.key(flowId, sessionId));
    }

    /** Deletes a session with its log and resources, whatever its status. Returns whether one existed. */
    public boolean delete(String flowId, String sessionId) {
        DeleteResult result = store.delete(SessionKeys.key(flowId, sessionId), Expect.any());
        resources.deleteAll(ScopeRef.session(flowId, sessionId));
        return result instanceof DeleteResult.Deleted deleted && deleted.existed();
    }

    /**
     * Deletes every session matching {@code query} (from the first page; its limit is the page size), with logs and
     * resources, records the engine cannot decode included. A session saved again after it was
     * listed is kept.
     *
     * @return how many sessions were deleted
     */
    public long purge(SessionQuery query) {
        return purge(query, key -> {});
    }

    /**
     * {@link #purge(SessionQuery)}, calling {@code onDeleted} with the key of each session as soon as
     * it is deleted (on the calling thread), so a long purge can show its progress.
     *
     * @return how many sessions were deleted
     */
    public long purge(SessionQuery query, Consumer<StoreKey> onDeleted) {
        long[] deleted = {0};
        forEachPage(query.toStoreQuery().withCursor(null), page -> {
            for (Stored stored : page.records()) {
                if (store.delete(stored.key(), Expect.version(stored.version())) instanceof DeleteResult.Deleted) {
                    deleted[0]++;
                    resources.deleteAll(
                            new ScopeRef(ScopeKind.SESSION, stored.key().id()));
                    onDeleted.accept(stored.key());
                }
            }
        });
        observer.sessionsPurged(deleted[0]);
        return deleted[0];
    }

    /**
     * Deletes everything stored about a user: their sessions (with logs and resources), their user
     * scope and resources they own. What a GDPR erasure request needs.
     */
    public Erasure eraseUser(String userId) {
        StoreKey.checkId(userId);
        List<StoreKey> keys = new ArrayList<>();
        forEachPage(SessionQuery.all(PAGE).user(userId).toStoreQuery(), page -> page.records()
                .forEach(s -> keys.add(s.key())));
        int sessions = 0;
        int removedResources = 0;
        for (StoreKey key : keys) {
            if (existed(store.delete(key, Expect.any()))) {
                sessions++;
            }
            removedResources += resources.deleteAll(new ScopeRef(ScopeKind.SESSION, key.id()));
        }
        removedResources += resources.deleteAll(ScopeRef.user(userId));
        removedResources += resources.deleteOwnedBy(userId);
        boolean scope = existed(store.delete(StoreKey.user(userId), Expect.any()));
        return new Erasure(sessions, removedResources, scope);
    }

    private void forEachPage(ListQuery query, Consumer<Page> action) {
        Page page;
        do {
            page = store.list(query);
            action.accept(page);
            query = query.after(page);
        } while (page.hasMore());
    }

    private static boolean existed(DeleteResult result) {
        return result instanceof DeleteResult.Deleted d && d.existed();
    }

    private static NoSuchElementException notFound(String flowId, String sessionId) {
        return new NoSuchElementException("no live session '" + sessionId + "' of flow '" + flowId + "'");
    }
}
