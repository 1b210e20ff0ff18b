package dev.stepwise.engine;

import dev.stepwise.flow.FieldCheck;
import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.State;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonPaths;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.scope.Resources;
import dev.stepwise.scope.ScopeRef;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.VersionedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Direct access to sessions for applications: read state, set a field, delete. */
final class SessionAccess {

    private final FlowRegistry registry;
    private final VersionedStore store;
    private final EngineSettings settings;

    private final Resources resources;

    SessionAccess(FlowRegistry registry, VersionedStore store, EngineSettings settings, Resources resources) {
        this.registry = registry;
        this.store = store;
        this.settings = settings;
        this.resources = resources;
    }

    Optional<State> state(String flowId, String sessionId) {
        StoreKey key = CallHandler.key(flowId, sessionId);
        return store.read(key).map(s -> SessionCodec.decode(key, s.value()))
                .filter(SessionRecord::active).map(r -> State.of(r.state()));
    }

    void setField(String flowId, String sessionId, String path, Object value) {
        StoreKey key = CallHandler.key(flowId, sessionId);
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            Stored stored = store.read(key).orElseThrow(() -> notFound(flowId, sessionId));
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
            WriteResult result = store.write(new Write(key, SessionCodec.encode(next), Expect.version(stored.version()),
                    flow.sessionTtl(), new RecordAttributes(flowId, record.status().label(), record.userId()), List.of()));
            if (result instanceof WriteResult.Written) {
                return;
            }
        }
        throw new IllegalStateException("session '" + sessionId + "' kept changing; field '" + path + "' was not set");
    }

    List<LogItem> log(String flowId, String sessionId, ItemWindow window) {
        StoreKey key = CallHandler.key(flowId, sessionId);
        return store.readItems(key, window).stream().map(item -> {
            try {
                return new LogItem(item.seq(), item.kind(), item.at(), Json.parse(item.payload()));
            } catch (dev.stepwise.json.JsonException e) {
                throw new dev.stepwise.store.CorruptRecordException(key + " item " + item.seq(), e.getMessage(), e);
            }
        }).toList();
    }

    /** The stored items of the last {@code turns} turns (a turn starts with its tool item). */
    List<LogItem> lastTurns(String flowId, String sessionId, int turns) {
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

    boolean delete(String flowId, String sessionId) {
        DeleteResult result = store.delete(CallHandler.key(flowId, sessionId), Expect.any());
        resources.deleteAll(ScopeRef.session(flowId, sessionId));
        return result instanceof DeleteResult.Deleted deleted && deleted.existed();
    }

    SessionPage list(SessionQuery query) {
        Page page = store.list(query.toStoreQuery());
        List<SessionSummary> sessions = new ArrayList<>();
        List<Page.Unreadable> unreadable = new ArrayList<>(page.unreadable());
        for (Stored stored : page.records()) {
            try {
                SessionRecord r = SessionCodec.decode(stored.key(), stored.value());
                String sessionId = stored.key().id().substring(r.flowId().length() + 1);
                sessions.add(new SessionSummary(r.flowId(), sessionId, r.flowVersion(), r.status(), r.node(),
                        r.userId(), stored.updatedAt(), stored.expiresAt()));
            } catch (CorruptRecordException e) {
                unreadable.add(new Page.Unreadable(stored.key().toString(), e.getMessage()));
            }
        }
        return new SessionPage(sessions, unreadable, page.nextCursor());
    }

    Erasure eraseUser(String userId) {
        StoreKey.checkId(userId);
        int sessions = 0;
        SessionQuery query = SessionQuery.all(200).user(userId);
        List<StoreKey> keys = new ArrayList<>();
        Page page;
        ListQuery storeQuery = query.toStoreQuery();
        do {
            page = store.list(storeQuery);
            page.records().forEach(s -> keys.add(s.key()));
            storeQuery = storeQuery.after(page);
        } while (page.hasMore());
        int removedResources = 0;
        for (StoreKey key : keys) {
            if (store.delete(key, Expect.any()) instanceof DeleteResult.Deleted d && d.existed()) {
                sessions++;
            }
            removedResources += resources.deleteAll(new ScopeRef("session", key.id()));
        }
        removedResources += resources.deleteAll(ScopeRef.user(userId));
        ListQuery owned = ListQuery.of(RecordKind.RESOURCE, "", 200).withUserId(userId);
        do {
            page = store.list(owned);
            for (Stored s : page.records()) {
                if (store.delete(s.key(), Expect.any()) instanceof DeleteResult.Deleted d && d.existed()) {
                    removedResources++;
                }
            }
            owned = owned.after(page);
        } while (page.hasMore());
        boolean scope = store.delete(StoreKey.user(userId), Expect.any()) instanceof DeleteResult.Deleted d && d.existed();
        return new Erasure(sessions, removedResources, scope);
    }

    private static NoSuchElementException notFound(String flowId, String sessionId) {
        return new NoSuchElementException("no live session '" + sessionId + "' of flow '" + flowId + "'");
    }
}
