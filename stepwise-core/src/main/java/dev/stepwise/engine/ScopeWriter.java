package dev.stepwise.engine;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a session's outbox of scope operations to the shared user and project records.
 *
 * <p>A turn's scope operations are saved in the session record atomically with the turn (the
 * outbox), then applied here with compare-and-set on the latest scope record. Each scope record
 * remembers the last outbox seq applied per session, so applying an entry twice (after a crash, a
 * retry, or the next turn's catch-up) changes nothing: exactly-once per turn, with no cross-record
 * transaction, on every store.
 */
final class ScopeWriter {

    static final Duration SCOPE_TTL = Duration.ofDays(365);
    private static final Duration APPLIED_MEMORY = Duration.ofDays(7);
    private static final int MAX_ATTEMPTS = 100;

    private final VersionedStore store;
    private final Clock clock;

    ScopeWriter(VersionedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static StoreKey key(String kind, String id) {
        return new StoreKey(kind.equals("user") ? RecordKind.USER : RecordKind.PROJECT, id);
    }

    /** The state held in a scope record (a private copy), or an empty object. */
    static ObjectNode state(Optional<Stored> stored) {
        return stored.map(s -> decode(s).get("state").deepCopy()).map(ObjectNode.class::cast).orElseGet(Json::object);
    }

    /**
     * Applies every outbox entry; returns the entries that could not be applied (to keep for the
     * next turn). Store failures leave the entry in the outbox; they never fail a saved turn.
     */
    ArrayNode apply(String sessionKey, ArrayNode outbox) {
        ArrayNode left = Json.mapper().createArrayNode();
        for (JsonNode entry : outbox) {
            try {
                applyOne(sessionKey, entry);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ScopeWriter.class).warn(
                        "scope write of session {} to {} {} postponed: {}", sessionKey, entry.path("scope").asString(),
                        entry.path("id").asString(), e.getMessage());
                left.add(entry);
            }
        }
        return left;
    }

    private void applyOne(String sessionKey, JsonNode entry) {
        StoreKey key = key(entry.get("scope").asString(), entry.get("id").asString());
        long seq = entry.get("seq").asLong();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Stored> stored = store.read(key);
            ObjectNode doc = stored.map(ScopeWriter::decode).orElseGet(ScopeWriter::empty);
            ObjectNode applied = (ObjectNode) doc.get("applied");
            if (applied.path(sessionKey).path("seq").asLong(0) >= seq) {
                return;
            }
            ObjectNode state = (ObjectNode) doc.get("state");
            entry.get("ops").forEach(op -> TurnScope.apply(state, op));
            Instant now = clock.instant();
            ObjectNode mark = applied.putObject(sessionKey);
            mark.put("seq", seq);
            mark.put("at", now.toEpochMilli());
            forgetOld(applied, now);
            Expect expect = stored.map(s -> Expect.version(s.version())).orElse(Expect.absent());
            WriteResult result = store.write(new Write(key, Json.bytes(doc), expect, SCOPE_TTL,
                    new RecordAttributes(null, null, key.kind() == RecordKind.USER ? key.id() : null), List.of()));
            if (result instanceof WriteResult.Written) {
                return;
            }
        }
        throw new IllegalStateException("scope " + key + " kept changing; will retry on the next turn");
    }

    /** Sessions older than the session TTL are gone; their markers need not be kept forever. */
    private static void forgetOld(ObjectNode applied, Instant now) {
        long cutoff = now.minus(APPLIED_MEMORY).toEpochMilli();
        Iterator<Map.Entry<String, JsonNode>> it = applied.properties().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().path("at").asLong() < cutoff) {
                it.remove();
            }
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
