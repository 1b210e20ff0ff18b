package dev.stepwise.engine;

import dev.stepwise.internal.json.JsonPaths;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.scope.ScopeKind;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of a user or project scope ({@code {"format":1,"state":{..},"applied":{..}}})
 * and of the operations a turn queues on one ({@code set} and {@code inc}). Decoding is strict: a
 * record that is not a scope record is a {@link CorruptRecordException}.
 */
final class ScopeCodec {

    /** How long a scope record lives after its last write. */
    static final Duration TTL = Duration.ofDays(365);

    private ScopeCodec() {}

    /** The key of the record holding a user or project scope. */
    static StoreKey key(ScopeKind kind, String id) {
        if (kind == ScopeKind.SESSION) {
            throw new IllegalArgumentException("use state(flowId, sessionId) for session scopes");
        }
        return new StoreKey(kind.recordKind(), id);
    }

    /** A scope record's attributes: the owner, for a user scope, so erasure finds it. */
    static RecordAttributes attributes(ScopeKind kind, String id) {
        return new RecordAttributes(null, null, kind == ScopeKind.USER ? id : null);
    }

    /** The stored document, or a new empty one when nothing is stored. */
    static ObjectNode document(Optional<Stored> stored) {
        return stored.map(ScopeCodec::decode).orElseGet(ScopeCodec::empty);
    }

    /** The state held in a scope record (a private copy), or an empty object. */
    static ObjectNode state(Optional<Stored> stored) {
        return (ObjectNode) document(stored).get("state");
    }

    static ObjectNode applied(ObjectNode document) {
        return (ObjectNode) document.get("applied");
    }

    static ObjectNode state(ObjectNode document) {
        return (ObjectNode) document.get("state");
    }

    static byte[] encode(ObjectNode document) {
        return Json.bytes(document);
    }

    /** An operation setting {@code path} to {@code value}. */
    static ObjectNode set(String path, JsonNode value) {
        return op("set", path).set("value", value);
    }

    /** An operation adding {@code delta} to the number at {@code path} (absent counts as 0). */
    static ObjectNode increment(String path, long delta) {
        return op("inc", path).put("by", delta);
    }

    private static ObjectNode op(String name, String path) {
        ObjectNode op = Json.object();
        op.put("op", name);
        op.put("path", path);
        return op;
    }

    /** Applies one queued operation to a scope state. */
    static void apply(ObjectNode state, JsonNode op) {
        String path = op.get("path").asString();
        if ("inc".equals(op.get("op").asString())) {
            JsonNode current = JsonPaths.get(state, path);
            long base = current != null && current.isNumber() ? current.longValue() : 0;
            JsonPaths.set(
                    state, path, Json.nodes().numberNode(base + op.get("by").asLong()));
        } else {
            JsonPaths.set(state, path, op.get("value").deepCopy());
        }
    }

    private static ObjectNode empty() {
        ObjectNode doc = Json.object();
        doc.put("format", 1);
        doc.putObject("state");
        doc.putObject("applied");
        return doc;
    }

    private static ObjectNode decode(Stored stored) {
        try {
            ObjectNode doc = Json.parseObject(stored.value());
            if (!(doc.get("state") instanceof ObjectNode) || !(doc.get("applied") instanceof ObjectNode)) {
                throw new CorruptRecordException(stored.key().toString(), "not a scope record");
            }
            return doc;
        } catch (JsonException e) {
            throw new CorruptRecordException(stored.key().toString(), e.getMessage(), e);
        }
    }
}
