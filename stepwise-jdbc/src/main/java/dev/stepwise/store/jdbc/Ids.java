package dev.stepwise.store.jdbc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Record ids as stored: the UTF-16BE bytes of the id.
 *
 * <p>Every database compares these bytes as unsigned bytes, which is exactly the order of
 * {@link String#compareTo(String)} (UTF-16 code units, unsigned), so keyset listing agrees with
 * Java on every dialect, is case-sensitive, and needs no collation. An id of at most 1024 chars
 * takes at most 2048 bytes, which fits the index-key limits of PostgreSQL (2704) and InnoDB (3072).
 */
final class Ids {

    private Ids() {}

    /**
     * The id's UTF-16 code units, high byte first. Equal to {@code id.getBytes(UTF_16BE)} for every
     * valid {@link dev.stepwise.store.StoreKey} id (those have no unpaired surrogates), without the
     * JDK's per-call encoder: every statement of a turn binds the id.
     */
    static byte[] encode(String id) {
        byte[] bytes = new byte[id.length() * 2];
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            bytes[2 * i] = (byte) (c >>> 8);
            bytes[2 * i + 1] = (byte) c;
        }
        return bytes;
    }

    /**
     * Decodes stored id bytes.
     *
     * @throws IllegalArgumentException when the bytes are not well-formed UTF-16BE
     */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_16BE
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("stored id is not well-formed UTF-16 (" + bytes.length + " bytes)", e);
        }
    }

    /**
     * The smallest byte string greater than every byte string starting with {@code prefix}, or null
     * when there is none (the prefix is empty or all 0xFF bytes). Ids starting with the prefix are
     * exactly those in {@code [prefix, upperBound)}.
     */
    static byte[] upperBound(byte[] prefix) {
        int end = prefix.length;
        while (end > 0 && prefix[end - 1] == (byte) 0xFF) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        byte[] bound = Arrays.copyOf(prefix, end);
        bound[end - 1]++;
        return bound;
    }

    /** Unsigned lexicographic comparison, the order every dialect applies to id columns. */
    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
