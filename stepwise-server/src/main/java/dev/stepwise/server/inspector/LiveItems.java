package dev.stepwise.server.inspector;

import dev.stepwise.engine.LogItem;
import dev.stepwise.engine.LogListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The transient log items (state changes, statuses) of the turns this server ran, kept in memory
 * for the inspector's timeline: the store never holds them. Bounded: the items of the newest
 * {@value #TURNS} turns that had any, in a ring, of which a session's timeline shows its newest
 * {@value #ITEMS_PER_SESSION}; lost on restart.
 *
 * <p>This listener runs on every turn the server serves, and nobody may be looking: recording a
 * turn is one ticket from a counter and one slot of the ring, with no lock and no map. Reading a
 * session's items walks the ring, which only the inspector does. A per-session map (a Caffeine
 * cache of deques, evicting an old session within each new session's turn) took 12 % of the
 * memory-store server's CPU samples at 64 requests in flight.
 */
public final class LiveItems implements LogListener {

    /** How many turns' items the ring holds (a power of two). */
    static final int TURNS = 8192;

    static final int ITEMS_PER_SESSION = 200;

    private final AtomicReferenceArray<Turn> ring = new AtomicReferenceArray<>(TURNS);
    private final AtomicLong tickets = new AtomicLong();

    @Override
    public void onItems(String flowId, String sessionId, List<LogItem> items) {
        List<LogItem> kept = transientOnly(items);
        if (kept.isEmpty()) {
            return;
        }
        Turn turn = new Turn(tickets.getAndIncrement(), flowId, sessionId, kept);
        int slot = slot(turn.ticket());
        Turn there = ring.get(slot);
        // a writer descheduled for a whole lap of the ring must not replace a newer turn with its own
        while ((there == null || there.ticket() < turn.ticket()) && !ring.compareAndSet(slot, there, turn)) {
            there = ring.get(slot);
        }
    }

    private static List<LogItem> transientOnly(List<LogItem> items) {
        int count = 0;
        for (LogItem item : items) {
            count += item.stored() ? 0 : 1;
        }
        if (count == items.size()) {
            return List.copyOf(items); // the engine's list is its own
        }
        List<LogItem> kept = new ArrayList<>(count);
        for (LogItem item : items) {
            if (!item.stored()) {
                kept.add(item);
            }
        }
        return kept;
    }

    /** The transient items kept for a session, oldest first (empty when none). */
    List<LogItem> of(String flowId, String sessionId) {
        ArrayDeque<LogItem> newest = new ArrayDeque<>();
        long end = tickets.get();
        for (long ticket = Math.max(0, end - TURNS); ticket < end; ticket++) {
            Turn turn = ring.get(slot(ticket));
            // a slot holding another ticket was overwritten by a newer turn, or is not written yet
            if (turn != null && turn.ticket() == ticket && turn.of(flowId, sessionId)) {
                for (LogItem item : turn.items()) {
                    newest.addLast(item);
                    if (newest.size() > ITEMS_PER_SESSION) {
                        newest.removeFirst();
                    }
                }
            }
        }
        return List.copyOf(newest);
    }

    /** Forgets a deleted session. */
    void forget(String flowId, String sessionId) {
        for (int slot = 0; slot < TURNS; slot++) {
            Turn turn = ring.get(slot);
            if (turn != null && turn.of(flowId, sessionId)) {
                ring.compareAndSet(slot, turn, null); // a newer turn there stays
            }
        }
    }

    private static int slot(long ticket) {
        return (int) ticket & (TURNS - 1);
    }

    /** One turn's transient items, in the order the engine gave them. */
    private record Turn(long ticket, String flowId, String sessionId, List<LogItem> items) {
        // a session id is per flow: ids of different flows may coincide
        boolean of(String flow, String session) {
            return sessionId.equals(session) && flowId.equals(flow);
        }
    }
}
