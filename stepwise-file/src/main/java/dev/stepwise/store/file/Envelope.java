package dev.stepwise.store.file;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.RecordAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The content of one record file: format version, the full id (checked on every read), version,
 * times, attributes, the value in base64, and the committed extent of the record's item log.
 *
 * @param log which item-log generation the record uses and how much of it is committed
 */
record Envelope(
        String id,
        long version,
        Instant updatedAt,
        Instant expiresAt,
        RecordAttributes attributes,
        byte[] value,
        LogExtent log) {

    /** The envelope format this version writes and reads: the item log is one data file per generation. */
    static final int FORMAT = 2;

    boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    Envelope withLog(LogExtent newLog) {
        return new Envelope(id, version, updatedAt, expiresAt, attributes, value, newLog);
    }

    byte[] toJson(boolean pretty) {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("id", id);
        root.put("version", version);
        root.put("updatedAt", Json.instantText(updatedAt));
        root.put("expiresAt", Json.instantText(expiresAt));
        ObjectNode attrs = root.putObject("attributes");
        attrs.put("flowId", attributes.flowId());
        attrs.put("status", attributes.status());
        attrs.put("userId", attributes.userId());
        ObjectNode logNode = root.putObject("log");
        logNode.put("generation", log.generation());
        logNode.put("from", log.from());
        logNode.put("count", log.count());
        logNode.put("lastSeq", log.lastSeq());
        logNode.put("fromOffset", log.fromOffset());
        logNode.put("length", log.length());
        root.put("value", Base64.getEncoder().encodeToString(value));
        return pretty ? Json.pretty(root).getBytes(StandardCharsets.UTF_8) : Json.bytes(root);
    }

    /**
     * Reads an envelope.
     *
     * @throws CorruptRecordException naming {@code location} if the bytes are not a valid envelope
     */
    static Envelope parse(byte[] bytes, String location) {
        return parse(bytes, () -> location);
    }

    /** Like {@link #parse(byte[], String)}, naming the location only when there is an error to report. */
    static Envelope parse(byte[] bytes, Supplier<String> location) {
        try {
            ObjectNode root = Json.parseObject(bytes);
            long format = integer(root, "format");
            if (format != FORMAT) {
                throw new CorruptRecordException(
                        location.get(),
                        "unknown envelope format " + format + " (this version reads format " + FORMAT + ")");
            }
            JsonNode attrs = object(root, "attributes");
            JsonNode logNode = object(root, "log");
            LogExtent log = new LogExtent(
                    text(logNode, "generation"),
                    integer(logNode, "from"),
                    integer(logNode, "count"),
                    integer(logNode, "lastSeq"),
                    integer(logNode, "fromOffset"),
                    integer(logNode, "length"));
            if (!log.consistent()) {
                throw new IllegalArgumentException("inconsistent item log extent " + log);
            }
            return new Envelope(
                    text(root, "id"),
                    integer(root, "version"),
                    Json.instant(text(root, "updatedAt")),
                    Json.instant(text(root, "expiresAt")),
                    new RecordAttributes(
                            optionalText(attrs, "flowId"),
                            optionalText(attrs, "status"),
                            optionalText(attrs, "userId")),
                    Base64.getDecoder().decode(text(root, "value")),
                    log);
        } catch (JsonException | IllegalArgumentException | DateTimeParseException e) {
            throw new CorruptRecordException(location.get(), e.getMessage(), e);
        }
    }

    static long integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an integer");
        }
        return value.longValue();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return value.stringValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return text(node, field);
    }

    private static JsonNode object(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an object");
        }
        return value;
    }

    /**
     * The committed part of a record's item log.
     *
     * @param generation names the log directory; a new record gets a new one, so a reader holding an
     *                   envelope of a deleted record never reads the log of its successor
     * @param from       position (ordinal in the generation) of the first live (untrimmed) item
     * @param count      positions in use; items at or beyond it are uncommitted
     * @param lastSeq    seq of the last committed item, 0 when none
     * @param fromOffset byte offset of item {@code from} in the generation's data file
     *                   ({@code length} when no item is live)
     * @param length     committed bytes of the data file: bytes past it were written by a writer
     *                   that crashed before committing and are overwritten by the next append
     */
    record LogExtent(String generation, long from, long count, long lastSeq, long fromOffset, long length) {

        /** A new generation holding no item yet, after items up to {@code lastSeq}. */
        static LogExtent empty(String generation, long lastSeq) {
            return new LogExtent(generation, 0, 0, lastSeq, 0, 0);
        }

        boolean consistent() {
            if (from < 0 || count < from || lastSeq < 0 || !hex(generation)) {
                return false;
            }
            return fromOffset >= 0
                    && fromOffset <= length
                    && (from == count) == (fromOffset == length)
                    && (count == 0) == (length == 0)
                    && (count == 0 || lastSeq > 0);
        }

        private static boolean hex(String generation) {
            int n = generation.length();
            if (n < 16 || n > 64) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                char c = generation.charAt(i);
                if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                    return false;
                }
            }
            return true;
        }
    }
}
