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
 * "once": {key: lease}}}. A claims node is never changed in place: every change returns a copy,
 * and a helper with nothing to change returns the node it was given. Empty claims are not stored
 * at all, so turns that claim nothing write records exactly as before.
 */
final class Claims {

    private static final String REQUESTS = "requests";
    private static final String ONCE = "once";
    private static final List<String> KINDS = List.of(REQUESTS, ONCE);

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
        if (!claims.has(ONCE)) {
            return claims;
        }
        ObjectNode copy = claims.deepCopy();
        copy.remove(ONCE);
        return copy;
    }

    /** Without any lease {@code owner} holds: what a call that gives up leaves behind. */
    static ObjectNode withoutOwner(ObjectNode claims, String owner) {
        if (!held(claims, owner)) {
            return claims;
        }
        ObjectNode copy = claims.deepCopy();
        for (String kind : KINDS) {
            if (copy.get(kind) instanceof ObjectNode of) {
                List<String> mine = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : of.properties()) {
                    if (ownedBy(e.getValue(), owner)) {
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
        for (String kind : KINDS) {
            if (claims.get(kind) instanceof ObjectNode of) {
                for (Map.Entry<String, JsonNode> e : of.properties()) {
                    if (ownedBy(e.getValue(), owner)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean ownedBy(JsonNode stored, String owner) {
        Lease lease = Lease.read(stored);
        return lease != null && lease.ownedBy(owner);
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
