package dev.stepwise.server.inspector;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stepwise.engine.LogItem;
import dev.stepwise.engine.LogListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The transient log items (state changes, statuses) of the turns this server ran, kept in memory
 * for the inspector's timeline: the store never holds them. Bounded: the newest
 * {@value #ITEMS_PER_SESSION} items of at most {@value #SESSIONS} sessions, those Caffeine's size
 * eviction keeps (the recently and frequently active); lost on restart. Thread-safe, and a turn
 * locks only its own session's items: this listener runs on every turn the server serves.
 */
public final class LiveItems implements LogListener {

    static final int SESSIONS = 1000;
    static final int ITEMS_PER_SESSION = 200;

    // Maintenance (eviction) runs on the calling thread: handed to the common pool, as by default, it
    // woke a pool thread on nearly every turn, and a turn at 1 in flight took ~10 us longer.
    private final Cache<Key, Deque<LogItem>> bySession =
            Caffeine.newBuilder().maximumSize(SESSIONS).executor(Runnable::run).build();

    @Override
    public void onItems(String flowId, String sessionId, List<LogItem> items) {
        if (!anyTransient(items)) {
            return;
        }
        Deque<LogItem> kept = bySession.get(new Key(flowId, sessionId), k -> new ArrayDeque<>());
        // one lock for the turn's items, so they stay together in the timeline
        synchronized (kept) {
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

    private static boolean anyTransient(List<LogItem> items) {
        for (LogItem item : items) {
            if (!item.stored()) {
                return true;
            }
        }
        return false;
    }

    /** The transient items kept for a session, oldest first (empty when none). */
    List<LogItem> of(String flowId, String sessionId) {
        Deque<LogItem> kept = bySession.getIfPresent(new Key(flowId, sessionId));
        if (kept == null) {
            return List.of();
        }
        synchronized (kept) {
            return new ArrayList<>(kept);
        }
    }

    /** Forgets a deleted session. */
    void forget(String flowId, String sessionId) {
        bySession.invalidate(new Key(flowId, sessionId));
    }

    /** Applies pending evictions now (Caffeine applies them in batches, soon after the writes). */
    void settle() {
        bySession.cleanUp();
    }

    /** A session of a flow (ids of different flows may coincide). */
    private record Key(String flowId, String sessionId) {}
}
