package dev.stepwise.server.inspector;

import dev.stepwise.engine.LogItem;
import dev.stepwise.engine.Sessions;
import dev.stepwise.json.Json;
import dev.stepwise.store.ItemWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's conversation log as a timeline: every stored item, the transient items this server
 * saw (state changes, statuses), each numbered with its turn, and the state after any turn rebuilt
 * from them (read-only time travel).
 *
 * <p>A turn begins with its {@code user} item (a start with an intent) or else its {@code tool}
 * item. Turns are numbered from the oldest item still stored: when the log was trimmed, turn 1 is
 * the oldest kept turn and {@link #trimmed()} says so.
 */
final class Timeline {

    private static final int PAGE = 1000;

    /** An item with its turn. */
    record Entry(int turn, LogItem item) {}

    private final List<Entry> entries;
    private final int turns;
    private final boolean trimmed;

    private Timeline(List<Entry> entries, int turns, boolean trimmed) {
        this.entries = entries;
        this.turns = turns;
        this.trimmed = trimmed;
    }

    static Timeline read(Sessions sessions, LiveItems live, String flowId, String sessionId) {
        List<LogItem> stored = new ArrayList<>();
        long after = 0;
        while (stored.size() < ItemWindow.MAX_LIMIT) {
            List<LogItem> page = sessions.log(flowId, sessionId, ItemWindow.after(after, PAGE));
            stored.addAll(page);
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        return of(stored, live.of(flowId, sessionId));
    }

    /** Merges transient items in after the stored items of their turn (a turn's items share its instant). */
    static Timeline of(List<LogItem> stored, List<LogItem> transientItems) {
        List<LogItem> merged = new ArrayList<>(stored);
        if (!stored.isEmpty()) {
            for (LogItem item : transientItems) {
                // only items of turns still in the stored window: older ones have nothing to attach to
                if (!item.at().isBefore(stored.get(0).at())) {
                    merged.add(item);
                }
            }
        }
        // stable: stored items keep their order, a transient item goes after every item of its instant
        merged.sort(Comparator.comparing(LogItem::at));
        List<Entry> entries = new ArrayList<>(merged.size());
        int turn = 0;
        LogItem previous = null;
        for (LogItem item : merged) {
            boolean startsTurn = item.kind().equals(LogItem.USER)
                    || (item.kind().equals(LogItem.TOOL)
                            && !(previous != null
                                    && previous.kind().equals(LogItem.USER)
                                    && previous.at().equals(item.at())));
            if (startsTurn || turn == 0) {
                turn++;
            }
            entries.add(new Entry(turn, item));
            previous = item;
        }
        boolean trimmed = !stored.isEmpty() && stored.get(0).seq() > 1;
        return new Timeline(List.copyOf(entries), turn, trimmed);
    }

    int turns() {
        return turns;
    }

    boolean trimmed() {
        return trimmed;
    }

    List<Entry> entries() {
        return entries;
    }

    ArrayNode toJson() {
        ArrayNode out = Json.nodes().arrayNode();
        for (Entry entry : entries) {
            ObjectNode item = out.addObject();
            item.put("turn", entry.turn());
            item.put("seq", entry.item().seq());
            item.put("kind", entry.item().kind());
            item.put("at", Json.instantText(entry.item().at()));
            item.put("stored", entry.item().stored());
            item.set("payload", entry.item().payload());
        }
        return out;
    }

    /**
     * The state after {@code turn} (0: before the first), rebuilt from the items: each turn's
     * answers ({@code stateUpdates} of its tool item), then its state changes where one was recorded
     * (exact values, including what node code set). A cancel empties the state.
     *
     * @return the state and, per turn, whether a state change was recorded for it
     */
    ObjectNode stateAfter(int turn) {
        if (turn < 0 || turn > turns) {
            throw ApiError.badRequest("turn must be 0.." + turns + ", was " + turn);
        }
        ObjectNode state = Json.object();
        ArrayNode exactTurns = Json.nodes().arrayNode();
        ArrayNode answerOnlyTurns = Json.nodes().arrayNode();
        int current = 0;
        boolean changeSeen = false;
        for (Entry entry : entries) {
            if (entry.turn() > turn) {
                break;
            }
            if (entry.turn() != current) {
                if (current > 0) {
                    (changeSeen ? exactTurns : answerOnlyTurns).add(current);
                }
                current = entry.turn();
                changeSeen = false;
            }
            LogItem item = entry.item();
            JsonNode payload = item.payload();
            if (item.kind().equals(LogItem.TOOL)) {
                if ("cancel".equals(payload.path("action").asString(""))) {
                    state.removeAll();
                }
                JsonNode updates = payload.get("stateUpdates");
                if (updates != null && updates.isObject()) {
                    for (Map.Entry<String, JsonNode> update : updates.properties()) {
                        setPath(state, update.getKey(), update.getValue());
                    }
                }
            } else if (item.kind().equals(LogItem.STATE_CHANGE)) {
                changeSeen = true;
                JsonNode fields = payload.get("fields");
                if (fields != null && fields.isObject()) {
                    for (Map.Entry<String, JsonNode> field : fields.properties()) {
                        if (field.getValue().isNull()) {
                            state.remove(field.getKey());
                        } else {
                            state.set(field.getKey(), field.getValue().deepCopy());
                        }
                    }
                }
            }
        }
        if (current > 0) {
            (changeSeen ? exactTurns : answerOnlyTurns).add(current);
        }
        ObjectNode out = Json.object();
        out.put("turn", turn);
        out.put("turns", turns);
        out.put("trimmed", trimmed);
        out.set("state", state);
        out.set("exactTurns", exactTurns);
        out.set("answerOnlyTurns", answerOnlyTurns);
        return out;
    }

    /** Sets a dot path or merges a partial object, the way a call's stateUpdates apply. */
    private static void setPath(ObjectNode state, String path, JsonNode value) {
        String[] parts = path.split("\\.", -1);
        ObjectNode target = state;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = target.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = target.putObject(parts[i]);
            }
            target = (ObjectNode) child;
        }
        String leaf = parts[parts.length - 1];
        JsonNode existing = target.get(leaf);
        if (value.isObject() && existing instanceof ObjectNode existingObject) {
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                setPath(existingObject, member.getKey(), member.getValue());
            }
        } else {
            target.set(leaf, value.deepCopy());
        }
    }
}
