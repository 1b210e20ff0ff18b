package dev.stepwise.server;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.Item;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one codec of the export file ({@code stepwise sessions export}/{@code import}): JSON Lines,
 * one self-contained object per line, so a reader needs one line in memory at a time.
 *
 * <pre>
 * {"format":"stepwise-export","version":1,"createdAt":"…","values":"as-stored"|"decrypted"}
 * {"kind":"session","id":"flow:s1","version":7,"updatedAt":"…","expiresAt":"…",
 *  "attributes":{"flowId":"flow","status":"active","userId":null},"value":"BASE64",
 *  "items":[{"seq":1,"kind":"user","at":"…","payload":"BASE64"}, …]}
 * …one line per record, its whole item log inside it…
 * {"end":true,"records":N}
 * </pre>
 *
 * The header comes first and says the format version; a reader refuses versions it does not know.
 * The end line counts the record lines, so a file cut at a line boundary is recognised as truncated.
 * Values and payloads are base64 of the exact stored bytes: ciphertext stays ciphertext.
 */
final class ExportLines {

    static final String FORMAT = "stepwise-export";

    /** The version this code writes and the only one it reads. */
    static final int VERSION = 1;

    private ExportLines() {}

    /** One parsed line. */
    sealed interface Line permits Header, Entry, End {}

    /**
     * The first line.
     *
     * @param decrypted whether values were decrypted on export (false: the bytes as stored, possibly ciphertext)
     */
    record Header(int version, Instant createdAt, boolean decrypted) implements Line {}

    /** A record with its item log. */
    record Entry(
            StoreKey key,
            long version,
            RecordAttributes attributes,
            Instant updatedAt,
            Instant expiresAt,
            byte[] value,
            List<Item> items)
            implements Line {

        static Entry of(Stored stored, List<Item> items) {
            return new Entry(
                    stored.key(),
                    stored.version(),
                    stored.attributes(),
                    stored.updatedAt(),
                    stored.expiresAt(),
                    stored.value(),
                    items);
        }
    }

    /** The last line: how many record lines came before it. */
    record End(long records) implements Line {}

    static String header(Instant createdAt, boolean decrypted) {
        ObjectNode node = Json.object();
        node.put("format", FORMAT);
        node.put("version", VERSION);
        node.put("createdAt", createdAt.toString());
        node.put("values", decrypted ? "decrypted" : "as-stored");
        return Json.text(node);
    }

    static String entry(Entry entry) {
        Base64.Encoder base64 = Base64.getEncoder();
        ObjectNode node = Json.object();
        node.put("kind", entry.key().kind().label());
        node.put("id", entry.key().id());
        node.put("version", entry.version());
        node.put("updatedAt", entry.updatedAt().toString());
        node.put("expiresAt", entry.expiresAt().toString());
        ObjectNode attributes = node.putObject("attributes");
        attributes.put("flowId", entry.attributes().flowId());
        attributes.put("status", entry.attributes().status());
        attributes.put("userId", entry.attributes().userId());
        node.put("value", base64.encodeToString(entry.value()));
        ArrayNode items = node.putArray("items");
        for (Item item : entry.items()) {
            ObjectNode i = items.addObject();
            i.put("seq", item.seq());
            i.put("kind", item.kind());
            i.put("at", item.at().toString());
            i.put("payload", base64.encodeToString(item.payload()));
        }
        return Json.text(node);
    }

    static String end(long records) {
        ObjectNode node = Json.object();
        node.put("end", true);
        node.put("records", records);
        return Json.text(node);
    }

    /**
     * Parses one line.
     *
     * @param number the line's 1-based number, for the error
     * @throws BadLine naming the line and what is wrong with it
     */
    static Line parse(String text, long number) {
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (JsonException e) {
            throw new BadLine(number, e.getMessage() + " (a truncated or edited line?)");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new BadLine(number, "expected a JSON object");
        }
        try {
            if (object.has("format")) {
                return header(object, number);
            }
            if (object.has("end")) {
                return new End(number(object, "records"));
            }
            return entry(object);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new BadLine(number, e.getMessage());
        }
    }

    private static Header header(ObjectNode object, long number) {
        if (!FORMAT.equals(text(object, "format"))) {
            throw new BadLine(number, "not a Stepwise export (format '" + text(object, "format") + "')");
        }
        long version = number(object, "version");
        if (version != VERSION) {
            throw new BadLine(
                    number,
                    "export format version " + version + " is not readable by this Stepwise, which reads version "
                            + VERSION);
        }
        String values = text(object, "values");
        if (!values.equals("decrypted") && !values.equals("as-stored")) {
            throw new IllegalArgumentException("values must be 'decrypted' or 'as-stored', was '" + values + "'");
        }
        return new Header(VERSION, Instant.parse(text(object, "createdAt")), values.equals("decrypted"));
    }

    private static Entry entry(ObjectNode object) {
        Base64.Decoder base64 = Base64.getDecoder();
        StoreKey key = new StoreKey(kind(text(object, "kind")), text(object, "id"));
        JsonNode attributes = object.get("attributes");
        if (!(attributes instanceof ObjectNode a)) {
            throw new IllegalArgumentException("attributes must be an object");
        }
        List<Item> items = new ArrayList<>();
        JsonNode list = object.get("items");
        if (!(list instanceof ArrayNode array)) {
            throw new IllegalArgumentException("items must be an array");
        }
        for (JsonNode i : array) {
            if (!(i instanceof ObjectNode item)) {
                throw new IllegalArgumentException("each item must be an object");
            }
            items.add(new Item(
                    number(item, "seq"),
                    text(item, "kind"),
                    Instant.parse(text(item, "at")),
                    bytes(base64, item, "payload")));
        }
        for (int i = 1; i < items.size(); i++) {
            if (items.get(i).seq() <= items.get(i - 1).seq()) {
                throw new IllegalArgumentException("item seqs must increase: "
                        + items.get(i - 1).seq() + " then " + items.get(i).seq());
            }
        }
        return new Entry(
                key,
                number(object, "version"),
                new RecordAttributes(optional(a, "flowId"), optional(a, "status"), optional(a, "userId")),
                Instant.parse(text(object, "updatedAt")),
                Instant.parse(text(object, "expiresAt")),
                bytes(base64, object, "value"),
                List.copyOf(items));
    }

    private static RecordKind kind(String label) {
        for (RecordKind kind : RecordKind.values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown record kind '" + label + "'; known: "
                + List.of(RecordKind.values()).toString().toLowerCase(Locale.ROOT));
    }

    private static String text(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asString();
    }

    private static String optional(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : text(object, field);
    }

    private static long number(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer");
        }
        return value.longValue();
    }

    private static byte[] bytes(Base64.Decoder base64, ObjectNode object, String field) {
        try {
            return base64.decode(text(object, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "' is not valid base64");
        }
    }

    /** A line of an export file that cannot be read; the message names the line. */
    static final class BadLine extends IllegalArgumentException {

        private final long line;

        BadLine(long line, String problem) {
            super("line " + line + ": " + problem);
            this.line = line;
        }

        long line() {
            return line;
        }
    }
}
