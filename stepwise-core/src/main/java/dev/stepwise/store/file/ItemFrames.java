package dev.stepwise.store.file;

import dev.stepwise.json.IsoInstants;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.Item;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The frames of an item log's data file: one JSON object per line (JSON Lines), with the fields an
 * item file of the previous release had, seq always first:
 * <pre>{"seq":12,"kind":"user","at":"2026-11-23T00:49:09.123Z","payload":"aGVsbG8="}</pre>
 * Compact JSON never holds a raw newline, so a frame ends at the first {@code '\n'} and the data
 * file can be read by people and scanned line by line. The fixed {@code {"seq":N,} start lets the
 * offset index be checked with one small read.
 */
final class ItemFrames {

    static final byte NEWLINE = '\n';

    private static final byte[] SEQ_PREFIX = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);

    /** Bytes that always hold a frame's seq prefix: {@code {"seq":}, 19 digits and a comma. */
    static final int HEADER_BYTES = SEQ_PREFIX.length + 20;

    private ItemFrames() {}

    /** The frames of {@code items}; {@code offsets[i]} receives the start of item i within them. */
    static byte[] encode(List<Item> items, long[] offsets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 128);
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            offsets[i] = out.size();
            line.setLength(0);
            line.append("{\"seq\":").append(item.seq()).append(",\"kind\":");
            string(line, item.kind());
            line.append(",\"at\":\"").append(IsoInstants.format(item.at())).append("\",\"payload\":\"")
                    .append(Base64.getEncoder().encodeToString(item.payload())).append("\"}\n");
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /**
     * The seq a frame starting at {@code at} announces, or -1 if {@code bytes} do not start a frame
     * there.
     */
    static long seq(byte[] bytes, int at, int end) {
        if (end - at < SEQ_PREFIX.length + 2) {
            return -1;
        }
        for (int i = 0; i < SEQ_PREFIX.length; i++) {
            if (bytes[at + i] != SEQ_PREFIX[i]) {
                return -1;
            }
        }
        long seq = 0;
        int i = at + SEQ_PREFIX.length;
        int digits = 0;
        for (; i < end && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            if (++digits > 19 || seq > (Long.MAX_VALUE - (bytes[i] - '0')) / 10) {
                return -1; // not a long
            }
            seq = seq * 10 + (bytes[i] - '0');
        }
        if (digits == 0 || i >= end || bytes[i] != ',' || (digits > 1 && bytes[at + SEQ_PREFIX.length] == '0')) {
            return -1;
        }
        return seq;
    }

    /**
     * Decodes the frame in {@code bytes[at, end)} (without its newline), which must hold {@code seq}.
     *
     * @throws IllegalArgumentException if it is not a valid item frame
     */
    static Item decode(byte[] bytes, int at, int end, long seq) {
        try {
            ObjectNode node = Json.parseObject(Arrays.copyOfRange(bytes, at, end));
            long stored = Envelope.integer(node, "seq");
            if (stored != seq) {
                throw new IllegalArgumentException("item frame holds seq " + stored + ", expected " + seq);
            }
            return new Item(seq, Envelope.text(node, "kind"), IsoInstants.parse(Envelope.text(node, "at")),
                    Base64.getDecoder().decode(Envelope.text(node, "payload")));
        } catch (JsonException | DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Appends {@code value} as a JSON string. */
    private static void string(StringBuilder out, String value) {
        int mark = out.length();
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                // the JSON library encodes pairs and refuses lone surrogates, as with item files
                out.setLength(mark);
                out.append(new String(Json.bytes(Json.nodes().stringNode(value)), StandardCharsets.UTF_8));
                return;
            }
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
