package dev.stepwise.store.tck;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Write;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

/** Test data for the contracts: fresh ids, random bytes, writes and items. */
final class Samples {

    /** A TTL no test outlives. */
    static final Duration LONG_TTL = Duration.ofHours(1);

    private Samples() {}

    /** A fresh id, unique to this call: {@code label-<12 hex digits>}. */
    static String id(String label) {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return label + "-" + HexFormat.of().formatHex(random);
    }

    static StoreKey sessionKey(String label) {
        return StoreKey.session(id(label));
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** Every byte value, including NUL and sequences that are not valid UTF-8. */
    static byte[] allByteValues() {
        byte[] bytes = new byte[256 + 4];
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        bytes[256] = (byte) 0xC3; // truncated two-byte sequence
        bytes[257] = 0;
        bytes[258] = (byte) 0xFF;
        bytes[259] = (byte) 0xFE;
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Create-if-absent with a long TTL, no attributes, no items. */
    static Write create(StoreKey key, byte[] value) {
        return Write.of(key, value, Expect.absent(), LONG_TTL);
    }

    /** A write with a long TTL, no attributes, no items. */
    static Write put(StoreKey key, byte[] value, Expect expect) {
        return Write.of(key, value, expect, LONG_TTL);
    }

    /** A write with a long TTL and no attributes that appends {@code items}. */
    static Write withItems(StoreKey key, byte[] value, Expect expect, List<Item> items) {
        return new Write(key, value, expect, LONG_TTL, RecordAttributes.NONE, items);
    }

    /** A write with a long TTL and these attributes. */
    static Write withAttributes(StoreKey key, byte[] value, Expect expect, RecordAttributes attributes) {
        return new Write(key, value, expect, LONG_TTL, attributes, List.of());
    }

    /**
     * An item stamped now at millisecond precision (stores keep item times to the millisecond), with
     * a random payload.
     */
    static Item item(long seq) {
        return new Item(seq, "k" + (seq % 3), now(), randomBytes(1 + (int) (seq % 40)));
    }

    /** {@link Instant#now()} truncated to milliseconds. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Items with seqs {@code from..to} inclusive. */
    static List<Item> items(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(Samples::item).toList();
    }
}
