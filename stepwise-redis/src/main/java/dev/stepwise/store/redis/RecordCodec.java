package dev.stepwise.store.redis;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record hash: {@code id} (member bytes), {@code v} (value), {@code n} (version), {@code ts}/
 * {@code tn} (updatedAt seconds/nanos), {@code es}/{@code en} (expiresAt seconds/nanos) and the
 * optional attributes {@code f}, {@code s}, {@code u}. Numbers are decimal strings so Lua can
 * compare them.
 */
final class RecordCodec {

    private RecordCodec() {}

    /** Decodes alternating field/value entries starting at {@code from}. */
    static Stored decode(StoreKey key, String location, List<?> flat, int from) {
        Map<String, byte[]> fields = new HashMap<>();
        for (int i = from; i + 1 < flat.size(); i += 2) {
            fields.put(new String((byte[]) flat.get(i), StandardCharsets.UTF_8), (byte[]) flat.get(i + 1));
        }
        return decode(key, location, fields);
    }

    static Stored decode(StoreKey key, String location, Map<String, byte[]> fields) {
        byte[] value = fields.get("v");
        if (value == null) {
            throw new CorruptRecordException(location, "the value field is missing");
        }
        try {
            long version = Long.parseLong(text(fields, "n", location));
            Instant updatedAt = instant(fields, "ts", "tn", location);
            Instant expiresAt = instant(fields, "es", "en", location);
            RecordAttributes attributes = new RecordAttributes(
                    optional(fields, "f"), optional(fields, "s"), optional(fields, "u"));
            return new Stored(key, value.clone(), version, attributes, updatedAt, expiresAt);
        } catch (NumberFormatException | java.time.DateTimeException | ArithmeticException e) {
            throw new CorruptRecordException(location, "unparsable version or time: " + e.getMessage(), e);
        }
    }

    /** Whether the record is live at {@code now}. */
    static boolean live(Stored stored, Instant now) {
        return now.isBefore(stored.expiresAt());
    }

    static String id(Map<String, byte[]> fields) {
        byte[] member = fields.get("id");
        return member == null ? null : KeyLayout.id(member);
    }

    private static Instant instant(Map<String, byte[]> fields, String seconds, String nanos, String location) {
        return Instant.ofEpochSecond(Long.parseLong(text(fields, seconds, location)),
                Long.parseLong(text(fields, nanos, location)));
    }

    private static String text(Map<String, byte[]> fields, String name, String location) {
        byte[] raw = fields.get(name);
        if (raw == null) {
            throw new CorruptRecordException(location, "field '" + name + "' is missing");
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static String optional(Map<String, byte[]> fields, String name) {
        byte[] raw = fields.get(name);
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }
}
