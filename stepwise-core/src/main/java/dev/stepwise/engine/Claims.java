package dev.stepwise.engine;

import dev.stepwise.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The open claims of a session, kept in its record: {@code {"requests": {requestId: lease},
 * "once": {key: lease}}}. Immutable helpers: every change returns a copy. Empty claims are not
 * stored at all, so turns that claim nothing write records exactly as before.
 */
final class Claims {

    private static final String REQUESTS = "requests";
    private static final String ONCE = "once";

    private Claims() {}

    static ObjectNode none() {
        return Json.object();
    }

    static @Nullable Lease request(ObjectNode claims, String requestId) {
        return Lease.read(claims.path(REQUESTS).get(requestId));
    }

    static @Nullable Lease once(ObjectNode claims, String key) {
        return Lease.read(claims.path(ONCE).get(key));
    }

    static ObjectNode withRequest(ObjectNode claims, String requestId, Lease lease) {
        return with(claims, REQUESTS, requestId, lease);
    }

    static ObjectNode withoutRequest(ObjectNode claims, String requestId) {
        return without(claims, REQUESTS, requestId);
    }

    static ObjectNode withOnce(ObjectNode claims, String key, Lease lease) {
        return with(claims, ONCE, key, lease);
    }

    static ObjectNode withoutOnce(ObjectNode claims, String key) {
        return without(claims, ONCE, key);
    }

    /** No once claims: a new run starts with none (its keys are new). */
    static ObjectNode withoutAnyOnce(ObjectNode claims) {
        ObjectNode copy = claims.deepCopy();
        copy.remove(ONCE);
        return copy;
    }

    /** Without any lease {@code owner} holds: what a call that gives up leaves behind. */
    static ObjectNode withoutOwner(ObjectNode claims, String owner) {
        ObjectNode copy = claims.deepCopy();
        for (String kind : List.of(REQUESTS, ONCE)) {
            if (copy.get(kind) instanceof ObjectNode of) {
                List<String> mine = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : of.properties()) {
                    Lease lease = Lease.read(e.getValue());
                    if (lease != null && lease.ownedBy(owner)) {
                        mine.add(e.getKey());
                    }
                }
                mine.forEach(of::remove);
                if (of.isEmpty()) {
                    copy.remove(kind);
                }
            }
        }
        return copy;
    }

    /** Whether {@code owner} holds any lease here. */
    static boolean held(ObjectNode claims, String owner) {
        return !withoutOwner(claims, owner).equals(claims);
    }

    private static ObjectNode with(ObjectNode claims, String kind, String name, Lease lease) {
        ObjectNode copy = claims.deepCopy();
        ObjectNode of = copy.has(kind) ? (ObjectNode) copy.get(kind) : copy.putObject(kind);
        lease.writeTo(of.putObject(name));
        return copy;
    }

    private static ObjectNode without(ObjectNode claims, String kind, String name) {
        ObjectNode copy = claims.deepCopy();
        if (copy.get(kind) instanceof ObjectNode of) {
            of.remove(name);
            if (of.isEmpty()) {
                copy.remove(kind);
            }
        }
        return copy;
    }
}
