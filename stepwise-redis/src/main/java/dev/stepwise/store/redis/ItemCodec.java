package dev.stepwise.store.redis;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Item;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One item as a sorted-set member: seq (8 bytes), kind length (2) and UTF-8 kind, at seconds (8)
 * and nanos (4), then the payload. The seq inside keeps members unique; the score is the seq too.
 */
final class ItemCodec {

    private ItemCodec() {}

    static byte[] encode(Item item) {
        byte[] kind = item.kind().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + 2 + kind.length + 8 + 4 + item.payload().length);
        buffer.putLong(item.seq())
                .putShort((short) kind.length)
                .put(kind)
                .putLong(item.at().getEpochSecond())
                .putInt(item.at().getNano())
                .put(item.payload());
        return buffer.array();
    }

    /** Decodes one item; {@code location} is asked for only when it cannot be decoded. */
    static Item decode(byte[] raw, Supplier<String> location) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(raw);
            long seq = buffer.getLong();
            byte[] kind = new byte[buffer.getShort() & 0xffff];
            buffer.get(kind);
            Instant at = Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
            byte[] payload = new byte[buffer.remaining()];
            buffer.get(payload);
            return new Item(seq, new String(kind, StandardCharsets.UTF_8), at, payload);
        } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
            throw new CorruptRecordException(location.get(), "an item of its log cannot be decoded", e);
        }
    }
}
