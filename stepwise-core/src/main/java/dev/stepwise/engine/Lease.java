package dev.stepwise.engine;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A claim on work that must run once (a call's {@code requestId}, a {@code ctx.once} key), recorded
 * in the session through the store's compare-and-set: who runs it and until when the claim holds.
 * A claim whose lease has run out belongs to a caller that crashed or stalled, and may be taken over.
 *
 * @param owner the claiming call's random token
 * @param until when the claim lapses, in epoch milliseconds
 */
record Lease(String owner, long until) {

    boolean live(Instant now) {
        return until > now.toEpochMilli();
    }

    boolean ownedBy(String caller) {
        return owner.equals(caller);
    }

    void writeTo(ObjectNode node) {
        node.put("owner", owner);
        node.put("until", until);
    }

    /** The lease stored in {@code node}, or null when there is none or it is malformed (then it holds nothing). */
    static @Nullable Lease read(@Nullable JsonNode node) {
        if (node == null
                || !node.path("owner").isString()
                || !node.path("until").isNumber()) {
            return null;
        }
        return new Lease(node.get("owner").asString(), node.get("until").asLong());
    }
}
