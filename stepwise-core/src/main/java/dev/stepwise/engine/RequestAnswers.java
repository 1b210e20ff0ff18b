package dev.stepwise.engine;

import dev.stepwise.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answers a session keeps for {@code requestId} replay, by time: {@code {requestId: {"at":
 * epochMillis, "response": {...}}}}. An answer is kept for the idempotency window however many
 * turns come after it (the session's own lifetime caps it: the answers live in the session record),
 * and dropped only once older than the window. Entries written before answers carried a time (the
 * bare response) are read as answers given now, so they too expire one window later.
 */
final class RequestAnswers {

    private RequestAnswers() {}

    /** The response given to {@code requestId}, or null. */
    static @Nullable JsonNode find(ObjectNode answers, String requestId) {
        JsonNode entry = answers.get(requestId);
        if (entry == null) {
            return null;
        }
        return entry.has("response") ? entry.get("response") : entry;
    }

    /**
     * {@code answers} without answers older than {@code window}, plus {@code response} for
     * {@code requestId} (when not null) given at {@code now}: a copy, or {@code answers} itself when
     * it is empty and there is nothing to add.
     */
    static ObjectNode remember(
            ObjectNode answers, @Nullable String requestId, FlowResponse response, Clock clock, Duration window) {
        if (requestId == null && answers.isEmpty()) {
            return answers; // nothing to prune or add; the record's members are never changed in place
        }
        Instant now = clock.instant();
        ObjectNode kept = pruned(answers, now, window);
        if (requestId != null) {
            ObjectNode entry = Json.object();
            entry.put("at", now.toEpochMilli());
            entry.set("response", response.toJson(false));
            kept.set(requestId, entry);
        }
        return kept;
    }

    /** A copy of {@code answers} without those older than {@code window}; timeless entries are stamped {@code now}. */
    static ObjectNode pruned(ObjectNode answers, Instant now, Duration window) {
        ObjectNode kept = Json.object();
        long oldest = now.toEpochMilli() - window.toMillis();
        for (Iterator<Map.Entry<String, JsonNode>> it = answers.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode entry = e.getValue();
            if (entry.has("response") && entry.path("at").isNumber()) {
                if (entry.get("at").asLong() >= oldest) {
                    kept.set(e.getKey(), entry.deepCopy());
                }
            } else {
                ObjectNode stamped = Json.object();
                stamped.put("at", now.toEpochMilli());
                stamped.set("response", entry.deepCopy());
                kept.set(e.getKey(), stamped);
            }
        }
        return kept;
    }
}
