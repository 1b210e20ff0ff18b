package dev.stepwise.engine;

import dev.stepwise.internal.json.AsParsed;
import dev.stepwise.internal.json.Encoded;
import dev.stepwise.internal.json.IsoInstants;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.StoreKey;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes session records as versioned JSON ({@code "format": 1}). Decoding is strict: a record
 * that is not exactly what this engine writes is a {@link CorruptRecordException} for that session.
 */
final class SessionCodec {

    static final int FORMAT = 1;

    private SessionCodec() {}

    /**
     * The record's bytes. Its JSON parts are first brought, in place, to the form decoding gives
     * ({@link AsParsed}), so the record kept in memory after a write equals the one read back.
     */
    static byte[] encode(SessionRecord r) {
        AsParsed.normalize(r.state());
        AsParsed.normalize(r.once());
        AsParsed.normalize(r.answers());
        AsParsed.normalize(r.outbox());
        AsParsed.normalize(r.claims());
        // written field by field: a tree of the record's own fields would be built only to be walked
        return Encoded.bytes(g -> {
            g.writeStartObject();
            g.writeNumberProperty("format", FORMAT);
            g.writeStringProperty("flowId", r.flowId());
            g.writeStringProperty("flowVersion", r.flowVersion());
            g.writeStringProperty("graphHash", r.graphHash());
            g.writeStringProperty("runId", r.runId());
            g.writeStringProperty("status", r.status().label());
            if (r.node() != null) {
                g.writeStringProperty("node", r.node());
            }
            tree(g, "state", r.state());
            tree(g, "once", r.once());
            tree(g, "answers", r.answers());
            if (r.intent() != null) {
                g.writeStringProperty("intent", r.intent());
            }
            if (r.userId() != null) {
                g.writeStringProperty("userId", r.userId());
            }
            g.writeName("createdAt");
            IsoInstants.write(g, r.createdAt());
            g.writeNumberProperty("itemSeq", r.itemSeq());
            g.writeNumberProperty("turns", r.turns());
            if (!r.outbox().isEmpty()) {
                tree(g, "outbox", r.outbox());
            }
            // absent when empty: a record with no open claim is written exactly as before claims existed
            if (!r.claims().isEmpty()) {
                tree(g, "claims", r.claims());
            }
            g.writeEndObject();
        });
    }

    private static void tree(JsonGenerator g, String name, JsonNode value) {
        g.writeName(name);
        g.writeTree(value);
    }

    static SessionRecord decode(StoreKey key, byte[] bytes) {
        try {
            ObjectNode node = Json.parseObject(bytes);
            int format = node.path("format").asInt(-1);
            if (format != FORMAT) {
                throw corrupt(
                        key, "unknown record format " + node.path("format") + " (this engine reads " + FORMAT + ")");
            }
            SessionStatus status;
            try {
                status = SessionStatus.valueOf(text(key, node, "status").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw corrupt(key, "unknown status " + node.get("status"));
            }
            String current = node.hasNonNull("node") ? node.get("node").asString() : null;
            // an active record without a node is a start whose first turn is not saved yet (no turns)
            if (status == SessionStatus.ACTIVE
                    && current == null
                    && node.path("turns").asLong(0) > 0) {
                throw corrupt(key, "active session has no current node");
            }
            return new SessionRecord(
                    text(key, node, "flowId"),
                    text(key, node, "flowVersion"),
                    text(key, node, "graphHash"),
                    text(key, node, "runId"),
                    status,
                    current,
                    object(key, node, "state"),
                    object(key, node, "once"),
                    object(key, node, "answers"),
                    node.hasNonNull("intent") ? node.get("intent").asString() : null,
                    node.hasNonNull("userId") ? node.get("userId").asString() : null,
                    IsoInstants.parse(text(key, node, "createdAt")),
                    node.path("itemSeq").asLong(0),
                    node.path("turns").asLong(0),
                    outbox(key, node),
                    claims(key, node));
        } catch (JsonException | DateTimeParseException | JacksonException e) {
            // JacksonException: a field of the wrong JSON type, e.g. an object where a string belongs
            throw new CorruptRecordException(key.toString(), e.getMessage(), e);
        }
    }

    private static ArrayNode outbox(StoreKey key, ObjectNode node) {
        JsonNode value = node.get("outbox");
        if (value == null) {
            return Json.mapper().createArrayNode();
        }
        if (!(value instanceof ArrayNode array)) {
            throw corrupt(key, "non-array 'outbox'");
        }
        return array;
    }

    private static ObjectNode claims(StoreKey key, ObjectNode node) {
        JsonNode value = node.get("claims");
        if (value == null) {
            return Claims.none();
        }
        if (!(value instanceof ObjectNode object)) {
            throw corrupt(key, "non-object 'claims'");
        }
        return object;
    }

    private static String text(StoreKey key, ObjectNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isString()) {
            throw corrupt(key, "missing or non-text '" + name + "'");
        }
        return value.asString();
    }

    private static ObjectNode object(StoreKey key, ObjectNode node, String name) {
        JsonNode value = node.get(name);
        if (!(value instanceof ObjectNode object)) {
            throw corrupt(key, "missing or non-object '" + name + "'");
        }
        return object;
    }

    private static CorruptRecordException corrupt(StoreKey key, String message) {
        return new CorruptRecordException(key.toString(), message);
    }
}
