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
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes session records as versioned JSON ({@code "format": 1}). Decoding is strict: a record
 * that is not exactly what this engine writes is a {@link CorruptRecordException} for that session.
 */
final class SessionCodec {

    static final int FORMAT = 1;

    // names and status labels encoded once: a String is escaped char by char on every write (a
    // fifth of a record's encoding time)
    private static final SerializableString N_FORMAT = new SerializedString("format");
    private static final SerializableString N_FLOW_ID = new SerializedString("flowId");
    private static final SerializableString N_FLOW_VERSION = new SerializedString("flowVersion");
    private static final SerializableString N_GRAPH_HASH = new SerializedString("graphHash");
    private static final SerializableString N_RUN_ID = new SerializedString("runId");
    private static final SerializableString N_STATUS = new SerializedString("status");
    private static final SerializableString N_NODE = new SerializedString("node");
    private static final SerializableString N_STATE = new SerializedString("state");
    private static final SerializableString N_ONCE = new SerializedString("once");
    private static final SerializableString N_ANSWERS = new SerializedString("answers");
    private static final SerializableString N_INTENT = new SerializedString("intent");
    private static final SerializableString N_USER_ID = new SerializedString("userId");
    private static final SerializableString N_CREATED_AT = new SerializedString("createdAt");
    private static final SerializableString N_ITEM_SEQ = new SerializedString("itemSeq");
    private static final SerializableString N_TURNS = new SerializedString("turns");
    private static final SerializableString N_OUTBOX = new SerializedString("outbox");
    private static final SerializableString N_CLAIMS = new SerializedString("claims");

    private static final SerializableString[] STATUSES = Encoded.labels(SessionStatus.values(), SessionStatus::label);

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
            g.writeName(N_FORMAT);
            g.writeNumber(FORMAT);
            g.writeName(N_FLOW_ID);
            g.writeString(r.flowId());
            g.writeName(N_FLOW_VERSION);
            g.writeString(r.flowVersion());
            g.writeName(N_GRAPH_HASH);
            g.writeString(r.graphHash());
            g.writeName(N_RUN_ID);
            g.writeString(r.runId());
            g.writeName(N_STATUS);
            g.writeString(STATUSES[r.status().ordinal()]);
            if (r.node() != null) {
                g.writeName(N_NODE);
                g.writeString(r.node());
            }
            tree(g, N_STATE, r.state());
            tree(g, N_ONCE, r.once());
            tree(g, N_ANSWERS, r.answers());
            if (r.intent() != null) {
                g.writeName(N_INTENT);
                g.writeString(r.intent());
            }
            if (r.userId() != null) {
                g.writeName(N_USER_ID);
                g.writeString(r.userId());
            }
            g.writeName(N_CREATED_AT);
            IsoInstants.write(g, r.createdAt());
            g.writeName(N_ITEM_SEQ);
            g.writeNumber(r.itemSeq());
            g.writeName(N_TURNS);
            g.writeNumber(r.turns());
            if (!r.outbox().isEmpty()) {
                tree(g, N_OUTBOX, r.outbox());
            }
            // absent when empty: a record with no open claim is written exactly as before claims existed
            if (!r.claims().isEmpty()) {
                tree(g, N_CLAIMS, r.claims());
            }
            g.writeEndObject();
        });
    }

    private static void tree(JsonGenerator g, SerializableString name, JsonNode value) {
        g.writeName(name);
        Encoded.tree(g, value);
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
