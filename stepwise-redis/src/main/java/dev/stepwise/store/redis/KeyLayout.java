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

    private final String prefix;

    KeyLayout(String prefix) {
        checkPrefix(prefix);
        this.prefix = prefix;
    }

    static void checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("key prefix must not be null");
        }
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("key prefix '" + prefix
                    + "' must not contain '{' or '}': the store places its own hash tags");
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

    static byte[] member(String id) {
        return id.getBytes(StandardCharsets.UTF_16BE);
    }

    static String id(byte[] member) {
        return new String(member, StandardCharsets.UTF_16BE);
    }

    RecordKeys keys(StoreKey key) {
        byte[] member = member(key.id());
        byte[] digest = sha1(member);
        int bucket = (digest[0] & 0xff) % BUCKETS;
        String tag = tag(key.kind(), bucket);
        String hash = HEX.formatHex(digest);
        return new RecordKeys(member, bytes(tag + ":r:" + hash), bytes(tag + ":i:" + hash), bytes(tag + ":ix"));
    }

    /** The index of one bucket. */
    byte[] index(RecordKind kind, int bucket) {
        return bytes(tag(kind, bucket) + ":ix");
    }

    /** What precedes the SHA-1 hex in a record key of one bucket. */
    byte[] recordPrefix(RecordKind kind, int bucket) {
        return bytes(tag(kind, bucket) + ":r:");
    }

    private String tag(RecordKind kind, int bucket) {
        return prefix + "{" + kind.label() + ":" + String.format("%02x", bucket) + "}";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** The keys of one record. */
    record RecordKeys(byte[] member, byte[] record, byte[] items, byte[] index) {

        byte[][] all() {
            return new byte[][] {record, items, index};
        }

        String location() {
            return new String(record, StandardCharsets.UTF_8);
        }
    }
}
