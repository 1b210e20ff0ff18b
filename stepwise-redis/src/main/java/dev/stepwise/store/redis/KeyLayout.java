package dev.stepwise.store.redis;

import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a record lives in Redis.
 *
 * <p>An id is kept as its UTF-16BE bytes (the "member"), so Redis' byte order ({@code ZRANGEBYLEX})
 * is exactly {@link String#compareTo} order. Every record hashes (SHA-1 of the member) into one of
 * {@value #BUCKETS} buckets per kind; the bucket is the hash tag, so a record, its item log and its
 * bucket's listing index share one cluster slot and one Lua script can change all three:
 * <pre>
 *   PREFIX{session:2a}:r:SHA1HEX   record hash
 *   PREFIX{session:2a}:i:SHA1HEX   item log (sorted set, score = seq)
 *   PREFIX{session:2a}:ix          the bucket's index (sorted set of members, score 0)
 * </pre>
 * Keys stay under 100 bytes plus the prefix whatever the id.
 */
final class KeyLayout {

    /** Buckets per kind. Fixed: every client of a key prefix must agree on it. */
    static final int BUCKETS = 64;

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** One digest per thread: looking a provider up per key was most of the cost of a key. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(KeyLayout::sha1);

    private final String prefix;
    /** {@code PREFIX{kind:xx}} per kind ordinal and bucket, UTF-8; built once, never modified. */
    private final byte[][][] tags;
    /** {@code PREFIX{kind:xx}:ix} per kind ordinal and bucket; shared by every RecordKeys, never modified. */
    private final byte[][][] indexes;

    KeyLayout(String prefix) {
        checkPrefix(prefix);
        this.prefix = prefix;
        RecordKind[] kinds = RecordKind.values();
        this.tags = new byte[kinds.length][BUCKETS][];
        this.indexes = new byte[kinds.length][BUCKETS][];
        for (RecordKind kind : kinds) {
            for (int b = 0; b < BUCKETS; b++) {
                tags[kind.ordinal()][b] = bytes(tag(kind, b));
                indexes[kind.ordinal()][b] = bytes(tag(kind, b) + ":ix");
            }
        }
    }

    static void checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("key prefix must not be null");
        }
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException(
                    "key prefix '" + prefix + "' must not contain '{' or '}': the store places its own hash tags");
        }
        if (prefix.length() > 200) {
            throw new IllegalArgumentException("key prefix is " + prefix.length() + " chars; the limit is 200");
        }
    }

    String prefix() {
        return prefix;
    }

    /** A pattern matching every key of this layout, for SCAN-based cleanup. */
    String pattern() {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "{*";
    }

    /**
     * The member of any string, as the listing uses for prefixes and cursors. An unpaired surrogate
     * becomes U+FFFD here; ids of records never have one ({@link StoreKey} refuses them).
     */
    static byte[] member(String id) {
        return id.getBytes(StandardCharsets.UTF_16BE);
    }

    static String id(byte[] member) {
        return new String(member, StandardCharsets.UTF_16BE);
    }

    RecordKeys keys(StoreKey key) {
        byte[] member = utf16be(key.id());
        byte[] digest = SHA1.get().digest(member);
        int bucket = (digest[0] & 0xff) % BUCKETS;
        int kind = key.kind().ordinal();
        byte[] tag = tags[kind][bucket];
        byte[] record = new byte[tag.length + 3 + 2 * digest.length];
        System.arraycopy(tag, 0, record, 0, tag.length);
        record[tag.length] = ':';
        record[tag.length + 1] = 'r';
        record[tag.length + 2] = ':';
        for (int i = 0, at = tag.length + 3; i < digest.length; i++, at += 2) {
            record[at] = HEX_DIGITS[(digest[i] >> 4) & 0xf];
            record[at + 1] = HEX_DIGITS[digest[i] & 0xf];
        }
        byte[] items = record.clone();
        items[tag.length + 1] = 'i';
        return new RecordKeys(member, record, items, indexes[kind][bucket]);
    }

    /** The index of one bucket. */
    byte[] index(RecordKind kind, int bucket) {
        return indexes[kind.ordinal()][bucket].clone();
    }

    /** What precedes the SHA-1 hex in a record key of one bucket. */
    byte[] recordPrefix(RecordKind kind, int bucket) {
        return bytes(tag(kind, bucket) + ":r:");
    }

    private String tag(RecordKind kind, int bucket) {
        return prefix + "{" + kind.label() + ":" + HEX.toHexDigits((byte) bucket) + "}";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The UTF-16BE bytes of a record id, two per char, high byte first. Equal to
     * {@code getBytes(UTF_16BE)} (which would build a new encoder per call) because a
     * {@link StoreKey}'s id is well-formed UTF-16: there is no unpaired surrogate the charset
     * would replace, so stored keys of existing records are unchanged.
     */
    private static byte[] utf16be(String id) {
        byte[] out = new byte[id.length() * 2];
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            out[2 * i] = (byte) (c >> 8);
            out[2 * i + 1] = (byte) c;
        }
        return out;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** The keys of one record. The arrays are shared (the index key between records): never modify them. */
    record RecordKeys(byte[] member, byte[] record, byte[] items, byte[] index) {

        byte[][] all() {
            return new byte[][] {record, items, index};
        }

        String location() {
            return new String(record, StandardCharsets.UTF_8);
        }
    }
}
