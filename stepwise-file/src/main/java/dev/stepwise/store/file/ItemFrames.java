package dev.stepwise.store.file;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.Item;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * The frames of an item log's data file: one JSON object per line (JSON Lines), seq always first:
 * <pre>{"seq":12,"kind":"user","at":"2026-11-23T00:49:09.123Z","payload":"aGVsbG8="}</pre>
 * Compact JSON never holds a raw newline, so a frame ends at the first {@code '\n'} and the data
 * file can be read by people and scanned line by line. The fixed {@code {"seq":N,} start lets the
 * offset index be checked with one small read.
 */
final class ItemFrames {

    static final byte NEWLINE = '\n';

    /**
     * Compact frames, one after another with nothing between them: each ends with its own newline,
     * written raw, so the default space between root values must go.
     */
    private static final ObjectWriter FRAMES = Json.mapper().writer().withRootValueSeparator((String) null);

    private static final byte[] SEQ_PREFIX = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);

    /** Bytes that always hold a frame's seq prefix: {@code {"seq":}, 19 digits and a comma. */
    static final int HEADER_BYTES = SEQ_PREFIX.length + 20;

    private ItemFrames() {}

    /** The frames of {@code items}; {@code offsets[i]} receives the start of item i within them. */
    static byte[] encode(List<Item> items, long[] offsets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 128);
        try (JsonGenerator frames = FRAMES.createGenerator(out)) {
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                frames.flush();
                offsets[i] = out.size();
                frames.writeStartObject();
                frames.writeNumberProperty("seq", item.seq());
                frames.writeStringProperty("kind", item.kind());
                frames.writeStringProperty("at", Json.instantText(item.at()));
                // standard base64 with padding, as the reader's Base64.getDecoder() expects
                frames.writeBinaryProperty("payload", item.payload());
                frames.writeEndObject();
                frames.writeRaw((char) NEWLINE);
            }
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
            return new Item(
                    seq,
                    Envelope.text(node, "kind"),
                    Json.instant(Envelope.text(node, "at")),
                    Base64.getDecoder().decode(Envelope.text(node, "payload")));
        } catch (JsonException | DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
