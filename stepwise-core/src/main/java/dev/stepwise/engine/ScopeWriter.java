package dev.stepwise.engine;

import dev.stepwise.json.Json;
import dev.stepwise.scope.ScopeKind;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.support.CasRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(ScopeWriter.class);
    private static final Duration APPLIED_MEMORY = Duration.ofDays(7);
    private static final CasRetry RETRY = CasRetry.immediate(100);

    private final VersionedStore store;
    private final Clock clock;

    ScopeWriter(VersionedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** An outbox entry: the operations one turn queued on one scope. */
    static ObjectNode entry(ScopeKind kind, String id, long seq, ArrayNode ops) {
        ObjectNode entry = Json.object();
        entry.put("scope", kind.label());
        entry.put("id", id);
        entry.put("seq", seq);
        entry.set("ops", ops);
        return entry;
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
                log.warn(
                        "scope write of session {} to {} {} postponed: {}",
                        sessionKey,
                        entry.path("scope").asString(),
                        entry.path("id").asString(),
                        e.getMessage());
                left.add(entry);
            }
        }
        return left;
    }

    private void applyOne(String sessionKey, JsonNode entry) {
        ScopeKind kind = ScopeKind.of(entry.get("scope").asString());
        String id = entry.get("id").asString();
        long seq = entry.get("seq").asLong();
        boolean settled = RecordUpdate.run(store, ScopeCodec.key(kind, id), RETRY, stored -> {
            ObjectNode doc = ScopeCodec.document(stored);
            ObjectNode applied = ScopeCodec.applied(doc);
            if (applied.path(sessionKey).path("seq").asLong(0) >= seq) {
                return Optional.empty();
            }
            ObjectNode state = ScopeCodec.state(doc);
            entry.get("ops").forEach(op -> ScopeCodec.apply(state, op));
            Instant now = clock.instant();
            ObjectNode mark = applied.putObject(sessionKey);
            mark.put("seq", seq);
            mark.put("at", now.toEpochMilli());
            forgetOld(applied, now);
            return Optional.of(new RecordUpdate.Replacement(
                    ScopeCodec.encode(doc), ScopeCodec.TTL, ScopeCodec.attributes(kind, id)));
        });
        if (!settled) {
            throw new IllegalStateException(
                    "scope " + ScopeCodec.key(kind, id) + " kept changing; will retry on the next turn");
        }
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
}
