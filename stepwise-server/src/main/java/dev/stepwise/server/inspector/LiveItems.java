package dev.stepwise.server.inspector;

import dev.stepwise.engine.LogItem;
import dev.stepwise.engine.LogListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transient log items (state changes, statuses) of the turns this server ran, kept in memory
 * for the inspector's timeline: the store never holds them. Bounded: the newest
 * {@value #ITEMS_PER_SESSION} items of the {@value #SESSIONS} most recently active sessions; lost on
 * restart. Thread-safe.
 */
public final class LiveItems implements LogListener {

    static final int SESSIONS = 1000;
    static final int ITEMS_PER_SESSION = 200;

    private final Map<Key, Deque<LogItem>> bySession = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Deque<LogItem>> eldest) {
            return size() > SESSIONS;
        }
    };

    @Override
    public void onItems(String flowId, String sessionId, List<LogItem> items) {
        synchronized (bySession) {
            Deque<LogItem> kept = bySession.computeIfAbsent(new Key(flowId, sessionId), k -> new ArrayDeque<>());
            for (LogItem item : items) {
                if (!item.stored()) {
                    kept.addLast(item);
                    if (kept.size() > ITEMS_PER_SESSION) {
                        kept.removeFirst();
                    }
                }
            }
        }
    }

    /** The transient items kept for a session, oldest first (empty when none). */
    List<LogItem> of(String flowId, String sessionId) {
        synchronized (bySession) {
            Deque<LogItem> kept = bySession.get(new Key(flowId, sessionId));
            return kept == null ? List.of() : new ArrayList<>(kept);
        }
    }

    /** Forgets a deleted session. */
    void forget(String flowId, String sessionId) {
        synchronized (bySession) {
            bySession.remove(new Key(flowId, sessionId));
        }
    }

    /** A session of a flow (ids of different flows may coincide). */
    private record Key(String flowId, String sessionId) {}
}
