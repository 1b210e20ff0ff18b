package dev.stepwise.store.redis;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The record hash: {@code id} (member bytes), {@code v} (value), {@code n} (version), {@code ts}/
 * {@code tn} (updatedAt seconds/nanos), {@code es}/{@code en} (expiresAt seconds/nanos), the
 * optional attributes {@code f}, {@code s}, {@code u}, and {@code q}, the highest item seq appended
 * (kept for {@code write.lua}'s seq check, which refuses a record without it as corrupt). Numbers are
 * decimal strings so Lua can compare them. Unknown fields are ignored.
 */
final class RecordCodec {

    private RecordCodec() {}

    /** The fields of one record hash, picked by name without decoding the names. */
    static final class Fields {
        byte[] id;
        byte[] value;
        byte[] version;
        byte[] updatedSeconds;
        byte[] updatedNanos;
        byte[] expiresSeconds;
        byte[] expiresNanos;
        byte[] flow;
        byte[] status;
        byte[] user;

        static Fields of(Map<byte[], byte[]> hash) {
            Fields fields = new Fields();
            hash.forEach(fields::put);
            return fields;
        }

        /** From alternating field/value entries starting at {@code from}. */
        static Fields of(List<?> flat, int from) {
            Fields fields = new Fields();
            for (int i = from; i + 1 < flat.size(); i += 2) {
                fields.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
            }
            return fields;
        }

        private void put(byte[] name, byte[] raw) {
            if (name.length == 1) {
                switch (name[0]) {
                    case 'v' -> value = raw;
                    case 'n' -> version = raw;
                    case 'f' -> flow = raw;
                    case 's' -> status = raw;
                    case 'u' -> user = raw;
                    default -> {}
                }
            } else if (name.length == 2) {
                switch (name[0] << 8 | name[1]) {
                    case 'i' << 8 | 'd' -> id = raw;
                    case 't' << 8 | 's' -> updatedSeconds = raw;
                    case 't' << 8 | 'n' -> updatedNanos = raw;
                    case 'e' << 8 | 's' -> expiresSeconds = raw;
                    case 'e' << 8 | 'n' -> expiresNanos = raw;
                    default -> {}
                }
            }
        }
    }

    /**
     * Decodes a record. {@code location} names it in a {@link CorruptRecordException}; it is only
     * asked for then. The value array is handed over, not copied: it comes fresh from the reply.
     */
    static Stored decode(StoreKey key, Supplier<String> location, Fields fields) {
        if (fields.value == null) {
            throw new CorruptRecordException(location.get(), "the value field is missing");
        }
        try {
            long version = number(fields.version, "n", location);
            Instant updatedAt = Instant.ofEpochSecond(
                    number(fields.updatedSeconds, "ts", location), number(fields.updatedNanos, "tn", location));
            Instant expiresAt = Instant.ofEpochSecond(
                    number(fields.expiresSeconds, "es", location), number(fields.expiresNanos, "en", location));
            RecordAttributes attributes =
                    new RecordAttributes(optional(fields.flow), optional(fields.status), optional(fields.user));
            return new Stored(key, fields.value, version, attributes, updatedAt, expiresAt);
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            throw new CorruptRecordException(location.get(), "unparsable version or time: " + e.getMessage(), e);
        }
    }

    /** Whether the record is live at {@code now}. */
    static boolean live(Stored stored, Instant now) {
        return now.isBefore(stored.expiresAt());
    }

    /**
     * A decimal number as Lua's {@code string.format('%.0f')} and the client write them, parsed
     * like {@link Long#parseLong} without building a string first.
     */
    static long number(byte[] raw, String name, Supplier<String> location) {
        if (raw == null) {
            throw new CorruptRecordException(location.get(), "field '" + name + "' is missing");
        }
        boolean negative = raw.length > 0 && raw[0] == '-';
        int start = negative || (raw.length > 0 && raw[0] == '+') ? 1 : 0;
        if (raw.length == start || raw.length - start > 19) {
            // empty, or possibly beyond a long: let the JDK decide (and word the error)
            return Long.parseLong(new String(raw, StandardCharsets.US_ASCII));
        }
        long value = 0;
        for (int i = start; i < raw.length; i++) {
            int digit = raw[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException(
                        "For input string: \"" + new String(raw, StandardCharsets.UTF_8) + "\"");
            }
            value = Math.addExact(Math.multiplyExact(value, 10), negative ? -digit : digit);
        }
        return value;
    }

    private static String optional(byte[] raw) {
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }
}
