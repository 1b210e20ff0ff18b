package dev.stepwise.store.dynamodb;

import dev.stepwise.store.StoreKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Key attributes of the table.
 *
 * <p>Partition key {@code pk}: {@code <kind>:<id>} when its UTF-8 form fits in
 * {@value #MAX_PLAIN_PK_BYTES} bytes, otherwise {@code <kind>#<base64url(SHA-256(id))>} (a
 * 1024-char id can take over 3 KB of UTF-8, DynamoDB allows 2048 bytes); the full id is always kept
 * in the {@code id} attribute and checked on read. Sort key {@code sk}: {@code r} for the record,
 * {@code i#<seq, 20 digits>#<write id>} for an item.
 *
 * <p>Listing sort key {@code lk} (binary): the UTF-16BE bytes of the first {@value #LIST_KEY_CHARS}
 * chars of the id. Unsigned byte order of UTF-16BE is {@link String#compareTo} order and keeps
 * prefixes; truncation keeps the order non-strict (long ids sharing their first chars tie, and the
 * store orders ties itself), and keeps the key under DynamoDB's 1024-byte sort key limit.
 */
final class Keys {

    static final int MAX_PLAIN_PK_BYTES = 1024;
    static final int LIST_KEY_CHARS = 500;
    static final String RECORD_SK = "r";

    private Keys() {}

    static String pk(StoreKey key) {
        String plain = key.kind().label() + ":" + key.id();
        if (plain.getBytes(StandardCharsets.UTF_8).length <= MAX_PLAIN_PK_BYTES) {
            return plain;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.id().getBytes(StandardCharsets.UTF_8));
            return key.kind().label() + "#"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String itemSk(long seq, String tx) {
        return itemSkPrefix(seq) + "#" + tx;
    }

    static String itemSkPrefix(long seq) {
        return String.format("i#%020d", seq);
    }

    /** Above every item sort key of {@code seq} ('~' sorts after every write-id character). */
    static String itemSkEnd(long seq) {
        return itemSkPrefix(seq) + "#~";
    }

    static byte[] listKey(String id) {
        String head = id.length() <= LIST_KEY_CHARS ? id : id.substring(0, LIST_KEY_CHARS);
        return head.getBytes(StandardCharsets.UTF_16BE);
    }

    /** A binary key above every listing key starting with {@code listKey(prefix)}. */
    static byte[] listKeyEnd(byte[] prefixKey) {
        byte[] end = Arrays.copyOf(prefixKey, 1024);
        Arrays.fill(end, prefixKey.length, end.length, (byte) 0xFF);
        return end;
    }
}
