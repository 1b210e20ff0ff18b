package dev.stepwise.store;

import dev.stepwise.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A record as {@link KvVersionedStore} keeps it in one {@link KvStore} entry, and the codec of
 * that entry and of item entries. The log's index positions {@code [from, count)} name the
 * committed item entries; positions rather than seqs because seqs may have gaps, and positions
 * let a window be found by binary search.
 */
// bytes cross the store SPI as they are: copying them into an immutable view would cost a copy per call
@SuppressWarnings("ArrayRecordComponent")
record KvRecord(
        long version,
        Instant updatedAt,
        Instant expiresAt,
        RecordAttributes attributes,
        byte[] value,
        long from,
        long count,
        long lastSeq) {

    static final int FORMAT = 1;

    boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    KvRecord withFrom(long newFrom) {
        return new KvRecord(version, updatedAt, expiresAt, attributes, value, newFrom, count, lastSeq);
    }

    Stored toStored(StoreKey key) {
        return new Stored(key, value.clone(), version, attributes, updatedAt, expiresAt);
    }

    JsonNode toJson() {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("version", version);
        root.put("updatedAt", updatedAt.toString());
        root.put("expiresAt", expiresAt.toString());
        ObjectNode attrs = root.putObject("attributes");
        attrs.put("flowId", attributes.flowId());
        attrs.put("status", attributes.status());
        attrs.put("userId", attributes.userId());
        ObjectNode log = root.putObject("log");
        log.put("from", from);
        log.put("count", count);
        log.put("lastSeq", lastSeq);
        root.put("value", Base64.getEncoder().encodeToString(value));
        return root;
    }

    /** @throws CorruptRecordException naming {@code location} when the entry is not a record */
    static KvRecord parse(JsonNode root, String location) {
        try {
            long format = integer(root, "format");
            if (format != FORMAT) {
                throw new IllegalArgumentException(
                        "unknown record format " + format + " (this version reads " + FORMAT + ")");
            }
            JsonNode attrs = field(root, "attributes");
            JsonNode log = field(root, "log");
            KvRecord record = new KvRecord(
                    integer(root, "version"),
                    Instant.parse(text(root, "updatedAt")),
                    Instant.parse(text(root, "expiresAt")),
                    new RecordAttributes(
                            optionalText(attrs, "flowId"),
                            optionalText(attrs, "status"),
                            optionalText(attrs, "userId")),
                    Base64.getDecoder().decode(text(root, "value")),
                    integer(log, "from"),
                    integer(log, "count"),
                    integer(log, "lastSeq"));
            if (record.from < 0 || record.count < record.from || record.lastSeq < 0) {
                throw new IllegalArgumentException("inconsistent item log extent");
            }
            return record;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new CorruptRecordException(location, e.getMessage(), e);
        }
    }

    static JsonNode itemToJson(Item item) {
        ObjectNode node = Json.object();
        node.put("seq", item.seq());
        node.put("kind", item.kind());
        node.put("at", item.at().toString());
        node.put("payload", Base64.getEncoder().encodeToString(item.payload()));
        return node;
    }

    static Item parseItem(JsonNode node, String location) {
        try {
            return new Item(
                    integer(node, "seq"),
                    text(node, "kind"),
                    Instant.parse(text(node, "at")),
                    Base64.getDecoder().decode(text(node, "payload")));
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            throw new CorruptRecordException(location, e.getMessage(), e);
        }
    }

    private static JsonNode field(@Nullable JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("field '" + name + "' is missing or not an object");
        }
        return value;
    }

    private static long integer(@Nullable JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + name + "' is missing or not an integer");
        }
        return value.longValue();
    }

    private static String text(@Nullable JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("field '" + name + "' is missing or not a string");
        }
        return value.stringValue();
    }

    private static @Nullable String optionalText(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : text(node, name);
    }
}
