package dev.stepwise.store.memory;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Bytes held as the difference from a {@link Base}: copies of the base's runs and the bytes of
 * their own. Only the memory store reads what it writes, so the format is its own:
 *
 * <pre>
 * delta   = length(varint) op*
 * op      = literal | copy
 * literal = tag(0..127) byte{tag + 1}                 the next tag + 1 bytes as they are
 * copy    = tag(128..255) offset(varint)              (tag - 128) + 4 bytes of the base from offset
 * </pre>
 *
 * <p>Encoding is one pass over the value: where the value goes on as the base did after its last
 * difference (a field of the same length changed) that is one comparison, elsewhere a hash of the
 * 4-byte window looked up in the base's index; equal runs are compared by {@code Arrays.mismatch}.
 * A 350-byte session record against a base of its flow takes ~0.1 µs alone and ~0.2 µs inside a
 * turn, whose other work keeps the base's index out of the nearest caches. Decoding is array
 * copies.
 */
final class Delta {

    private static final int MAX_LITERAL = 128;
    private static final int MAX_COPY = 127 + Base.WINDOW;
    // a value that shares nothing with the base in its first bytes is taken to share nothing at all
    // (an encrypted value): scanning on would cost a hash lookup per byte for no gain
    private static final int GIVE_UP_AFTER = 64;
    // where a value is encoded before its delta is copied out at its length: a scratch array per
    // encoding was as large as copying the value
    private static final int SCRATCH_BYTES = 4096;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    private Delta() {}

    /**
     * {@code value} as a delta from {@code base}, or null when that takes more than {@code limit}
     * bytes.
     */
    static byte @Nullable [] encode(Base base, byte[] value, int limit) {
        byte[] from = base.bytes();
        int n = value.length;
        byte[] out = limit <= SCRATCH_BYTES ? SCRATCH.get() : new byte[limit];
        int o = putVarint(out, 0, n, limit);
        int literalStart = 0;
        int copyEnd = 0;
        int i = 0;
        while (o >= 0 && i + Base.WINDOW <= n) {
            int word = Base.word(value, i);
            // a run of the value's own bytes is mostly a field of the same length as the base's
            // (an id, a time): the base may go on right after it, whatever its index says
            int run = i - literalStart;
            int at = copyEnd + run;
            if (at + Base.WINDOW > from.length || Base.word(from, at) != word) {
                // the index is looked up at every fourth byte of a run only: each look-up is a read
                // from anywhere in the index, which a turn's other work has pushed out of the
                // nearest caches; a match found late is extended backwards
                at = (run & 3) == 0 || run >= 16 ? base.candidate(word) : -1;
                if (at < 0 || Base.word(from, at) != word) {
                    // the longer the value's own run, the further the next look: bytes that share
                    // nothing (an encrypted value past its header) are passed over in a few dozen steps
                    i += 1 + (run >>> 4);
                    if (literalStart == 0 && i >= GIVE_UP_AFTER || o + i - literalStart > limit) {
                        return null;
                    }
                    continue;
                }
                while (i > literalStart && at > 0 && value[i - 1] == from[at - 1]) {
                    i--;
                    at--;
                }
            }
            int rest = Arrays.mismatch(from, at + Base.WINDOW, from.length, value, i + Base.WINDOW, n);
            int length = Base.WINDOW + (rest >= 0 ? rest : Math.min(from.length - at, n - i) - Base.WINDOW);
            o = literals(out, o, value, literalStart, i, limit);
            o = copies(out, o, at, length, limit);
            i += length;
            literalStart = i;
            copyEnd = at + length;
        }
        o = o < 0 ? o : literals(out, o, value, literalStart, n, limit);
        return o < 0 ? null : Arrays.copyOf(out, o);
    }

    /** The value {@code delta} was encoded from, against the same {@code base}. */
    static byte[] decode(Base base, byte[] delta) {
        byte[] from = base.bytes();
        Reader in = new Reader(delta);
        int n = in.varint();
        byte[] value = new byte[n];
        int o = 0;
        while (in.at < delta.length) {
            int tag = delta[in.at++] & 0xFF;
            if (tag < 0x80) {
                int length = tag + 1;
                System.arraycopy(delta, in.at, value, o, length);
                in.at += length;
                o += length;
            } else {
                int length = tag - 0x80 + Base.WINDOW;
                System.arraycopy(from, in.varint(), value, o, length);
                o += length;
            }
        }
        if (o != n) {
            throw new IllegalStateException("memory store delta decodes to " + o + " bytes, not " + n);
        }
        return value;
    }

    /** A position in a delta being decoded. */
    private static final class Reader {
        final byte[] bytes;
        int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int varint() {
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                int b = bytes[at++];
                value |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }
    }

    /** Writes value[start, end) as literal runs; the new end of out, or -1 past the limit. */
    private static int literals(byte[] out, int o, byte[] value, int start, int end, int limit) {
        for (int at = start; at < end && o >= 0; ) {
            int length = Math.min(MAX_LITERAL, end - at);
            if (o + 1 + length > limit) {
                return -1;
            }
            out[o++] = (byte) (length - 1);
            System.arraycopy(value, at, out, o, length);
            o += length;
            at += length;
        }
        return o;
    }

    /** Writes a copy of {@code length} base bytes from {@code at} as copy ops; -1 past the limit. */
    private static int copies(byte[] out, int o, int at, int length, int limit) {
        int left = length;
        while (left > 0 && o >= 0) {
            int piece = Math.min(left, MAX_COPY);
            if (left - piece > 0 && left - piece < Base.WINDOW) {
                piece = left - Base.WINDOW; // leave a remainder long enough to be a copy of its own
            }
            if (o >= limit) {
                return -1;
            }
            out[o++] = (byte) (0x80 + piece - Base.WINDOW);
            o = putVarint(out, o, at, limit);
            at += piece;
            left -= piece;
        }
        return o;
    }

    private static int putVarint(byte[] out, int o, int value, int limit) {
        int v = value;
        while (o >= 0) {
            if (o >= limit) {
                return -1;
            }
            if ((v & ~0x7F) == 0) {
                out[o++] = (byte) v;
                return o;
            }
            out[o++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        return o;
    }
}
