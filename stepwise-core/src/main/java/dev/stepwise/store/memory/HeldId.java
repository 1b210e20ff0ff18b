package dev.stepwise.store.memory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A record's id as the memory store holds it: an id whose characters are all Latin-1 (every id the
 * engine makes from ASCII flow and session ids) as a {@code byte[]} of one byte per character, any
 * other id as its {@code String}. A {@code String} is a 24 B object around such an array; an idle
 * session held ~265 B in all, so holding the array alone is a tenth of it.
 *
 * <p>Held ids equal, hash and order exactly as their strings do, whichever form either side is in,
 * so the store's table and indexes may mix them with the {@code String} ids callers pass.
 */
final class HeldId {

    private HeldId() {}

    /** {@code id} as the store holds it: a new array when every character is Latin-1, else itself. */
    static Object of(String id) {
        for (int i = 0, n = id.length(); i < n; i++) {
            if (id.charAt(i) > 0xFF) {
                return id;
            }
        }
        return id.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The id as a {@code String}: a new one for a held array. */
    static String string(Object id) {
        return id instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : (String) id;
    }

    /** {@link String#hashCode()} of the id. */
    static int hash(Object id) {
        if (id instanceof byte[] bytes) {
            int h = 0;
            for (byte b : bytes) {
                h = 31 * h + (b & 0xFF);
            }
            return h;
        }
        return id.hashCode();
    }

    /** Whether the two ids are one id. */
    static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a instanceof byte[] bytes) {
            return b instanceof String s ? equal(bytes, s) : b instanceof byte[] other && Arrays.equals(bytes, other);
        }
        return b instanceof byte[] bytes ? equal(bytes, (String) a) : a.equals(b);
    }

    /** {@code a.compareTo(b)} of the ids' strings: by UTF-16 code unit, a prefix first. */
    static int compare(Object a, Object b) {
        if (a instanceof String s && b instanceof String t) {
            return s.compareTo(t);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        int n = length(a);
        int m = length(b);
        for (int i = 0, end = Math.min(n, m); i < end; i++) {
            int c = charAt(a, i) - charAt(b, i);
            if (c != 0) {
                return c;
            }
        }
        return n - m;
    }

    /** Whether the id starts with {@code prefix}. */
    static boolean startsWith(Object id, String prefix) {
        if (id instanceof String s) {
            return s.startsWith(prefix);
        }
        byte[] bytes = (byte[]) id;
        return prefix.length() <= bytes.length && sameStart(bytes, prefix, prefix.length());
    }

    private static boolean equal(byte[] bytes, String s) {
        return bytes.length == s.length() && sameStart(bytes, s, bytes.length);
    }

    /** Whether the first {@code n} bytes are the first {@code n} characters of {@code s}. */
    private static boolean sameStart(byte[] bytes, String s, int n) {
        // ids of one flow share their start: a different id mostly differs near the end
        for (int i = n - 1; i >= 0; i--) {
            if ((bytes[i] & 0xFF) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int length(Object id) {
        return id instanceof byte[] bytes ? bytes.length : ((String) id).length();
    }

    private static char charAt(Object id, int i) {
        return id instanceof byte[] bytes ? (char) (bytes[i] & 0xFF) : ((String) id).charAt(i);
    }
}
