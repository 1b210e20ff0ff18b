package dev.stepwise.engine;

import dev.stepwise.internal.json.Encoded;
import dev.stepwise.internal.json.JsonPaths;
import dev.stepwise.json.Json;
import dev.stepwise.store.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The log items of one turn, in the order they happened: the user's intent, the tool call, what
 * node code logged, the state changes and the status. Stored kinds get the next seqs; transient
 * kinds get seq 0 and only reach listeners.
 */
final class TurnLog {

    // the tool item's names and action labels encoded once (a String is escaped char by char per write)
    private static final SerializableString N_ACTION = new SerializedString("action");
    private static final SerializableString N_STATE_UPDATES = new SerializedString("stateUpdates");
    private static final SerializableString N_REQUEST_ID = new SerializedString("requestId");
    private static final SerializableString[] ACTIONS = Encoded.labels(CallAction.values(), CallAction::wireName);

    /** An item a node logged during the turn, before it has a seq. */
    record Entry(String kind, JsonNode payload) {
        Entry {
            if (kind == null || kind.isEmpty() || kind.length() > 64) {
                throw new IllegalArgumentException("log item kind must be 1..64 characters, was '" + kind + "'");
            }
        }
    }

    private final List<LogItem> all = new ArrayList<>();
    // sized for a turn's usual one or two items: a default list's first growth makes room for ten
    private final List<Item> stored = new ArrayList<>(2);
    private final LogPolicy policy;
    private final boolean listened;
    private final Instant at;
    private long seq;

    private TurnLog(LogPolicy policy, boolean listened, long lastSeq, Instant at) {
        this.policy = policy;
        this.listened = listened;
        this.seq = lastSeq;
        this.at = at;
    }

    /** When the turn ended, as its log items say. */
    Instant at() {
        return at;
    }

    /**
     * The turn's items. Transient kinds are built only when a listener will receive them: with
     * none registered, a turn skips the state diff and status item entirely.
     */
    static TurnLog of(
            EngineSettings settings,
            long lastSeq,
            FlowCall call,
            List<Entry> logged,
            ObjectNode before,
            ObjectNode after,
            FlowResponse response) {
        TurnLog log = new TurnLog(
                settings.logPolicy(),
                !settings.listeners().isEmpty(),
                lastSeq,
                settings.clock().instant());
        if (call.action() == CallAction.START && call.intent() != null) {
            ObjectNode user = Json.object();
            user.put("text", call.intent());
            log.add(LogItem.USER, user);
        }
        if (log.listened) {
            ObjectNode tool = Json.object();
            tool.put("action", call.action().wireName());
            if (!call.stateUpdates().isEmpty()) {
                tool.set("stateUpdates", call.stateUpdates().deepCopy());
            }
            if (call.requestId() != null) {
                tool.put("requestId", call.requestId());
            }
            log.add(LogItem.TOOL, tool);
        } else if (log.policy.stored(LogItem.TOOL)) {
            // the same bytes as the tree above, which only a listener would read
            log.addStored(LogItem.TOOL, toolBytes(call));
        }
        logged.forEach(e -> log.add(e.kind(), e.payload()));
        if (log.wanted(LogItem.STATE_CHANGE)) {
            ObjectNode changes = changes(before, after);
            if (!changes.isEmpty()) {
                ObjectNode change = Json.object();
                change.set("fields", changes);
                log.add(LogItem.STATE_CHANGE, change);
            }
        }
        if (log.wanted(LogItem.STATUS)) {
            ObjectNode status = Json.object();
            status.put("status", response.status());
            log.add(LogItem.STATUS, status);
        }
        return log;
    }

    private boolean wanted(String kind) {
        return listened || policy.stored(kind);
    }

    private void add(String kind, JsonNode payload) {
        if (!wanted(kind)) {
            return;
        }
        if (policy.stored(kind)) {
            seq++;
            all.add(new LogItem(seq, kind, at, payload));
            stored.add(new Item(seq, kind, at, Json.bytes(payload)));
        } else {
            all.add(new LogItem(0, kind, at, payload));
        }
    }

    /** Stores an item no listener will receive, from its encoded payload. */
    private void addStored(String kind, byte[] payload) {
        seq++;
        stored.add(new Item(seq, kind, at, payload));
    }

    private static byte[] toolBytes(FlowCall call) {
        return Encoded.bytes(g -> {
            g.writeStartObject();
            g.writeName(N_ACTION);
            g.writeString(ACTIONS[call.action().ordinal()]);
            if (!call.stateUpdates().isEmpty()) {
                g.writeName(N_STATE_UPDATES);
                Encoded.tree(g, call.stateUpdates());
            }
            if (call.requestId() != null) {
                g.writeName(N_REQUEST_ID);
                g.writeString(call.requestId());
            }
            g.writeEndObject();
        });
    }

    /** Top-level fields whose value differs, with the new value (null when removed). */
    private static ObjectNode changes(ObjectNode before, ObjectNode after) {
        ObjectNode changes = Json.object();
        for (String name : after.propertyNames()) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                changes.set(name, after.get(name).deepCopy());
            }
        }
        for (String name : before.propertyNames()) {
            if (!after.has(name) && JsonPaths.isAnswered(before.get(name))) {
                changes.putNull(name);
            }
        }
        return changes;
    }

    /** Every item, transient ones included (those only when a listener is registered). */
    List<LogItem> all() {
        return all;
    }

    /** The items to append with the turn's write. */
    List<Item> stored() {
        return stored;
    }

    /** Seq of the last stored item (unchanged if none). */
    long lastSeq() {
        return seq;
    }
}
