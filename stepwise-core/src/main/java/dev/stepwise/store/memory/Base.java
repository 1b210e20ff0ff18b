package dev.stepwise.store.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A value other values are held against as a {@link Delta}: one per record kind, flow, status and
 * size class (and per item kind and size class; see {@link Bases}), shared by every record that
 * refers to it. Its bytes and index never change (only the counts that decide when it is replaced);
 * a record keeps its base alive however often the store picks a new one.
 *
 * <p>Why: the records of one flow are mostly the same bytes (the flow's id, version and graph hash,
 * the field names, empty maps). An idle session's record is ~265 B of JSON of which ~40 B are its
 * own; held against a base it takes ~60 B.
 */
final class Base {

    /** Values longer than this are held as they are: indexing them costs more than it saves. */
    static final int MAX_LENGTH = 16 * 1024;

    /** Bytes a hash covers; also the shortest copy a {@link Delta} makes. */
    static final int WINDOW = 4;

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    // position + 1 of the last window of bytes with each hash; 0 where none has it. Chars (a base
    // is at most MAX_LENGTH bytes) and about one slot per byte: the index is read at every byte a
    // value does not share with its base, and a small one stays in the cache between writes
    private final char[] positions;
    private final int mask;
    private final AtomicInteger misses = new AtomicInteger();
    // bases before this one under its name that held no value: values that share nothing with
    // each other (encrypted ones) are then tried only now and then
    private final int fruitless;
    private final AtomicInteger tries = new AtomicInteger();
    private volatile boolean heldOne;

    /** @param bytes owned by the base from now on: the caller passes a copy */
    Base(byte[] bytes) {
        this(bytes, 0);
    }

    private Base(byte[] bytes, int fruitless) {
        this.bytes = bytes;
        this.fruitless = fruitless;
        int size = Integer.highestOneBit(Math.max(64, bytes.length) - 1) << 1;
        this.positions = new char[size];
        this.mask = size - 1;
        for (int i = 0; i + WINDOW <= bytes.length; i++) {
            positions[hash(word(bytes, i)) & mask] = (char) (i + 1);
        }
    }

    /** The base's bytes, never changed: records equal to them share the array. */
    byte[] bytes() {
        return bytes;
    }

    boolean sameAs(byte[] value) {
        return Arrays.equals(bytes, value);
    }

    /**
     * Where in the base a window of bytes read as {@code word} may start, or -1: a candidate the
     * caller compares, since different windows can share a hash.
     */
    int candidate(int word) {
        return positions[hash(word) & mask] - 1;
    }

    /** The window of bytes at {@code at} as one int: windows compare and hash as ints. */
    static int word(byte[] bytes, int at) {
        return (int) WORD.get(bytes, at);
    }

    /** Counts a value this base could not hold; true once every {@code every} misses. */
    boolean missed(int every) {
        return misses.incrementAndGet() % every == 0;
    }

    /** Notes that this base held a value. */
    void held() {
        if (!heldOne) {
            heldOne = true;
        }
    }

    /**
     * Whether to try holding a value against this base: always, unless the two bases before it under
     * its name held nothing and it has held nothing yet, and then one value in {@code every}.
     */
    boolean worthTrying(int every) {
        return fruitless < 2 || heldOne || tries.getAndIncrement() % every == 0;
    }

    /** The base to take this one's place, made of {@code bytes} (the caller's copy). */
    Base successor(byte[] bytes) {
        return new Base(bytes, heldOne ? 0 : fruitless + 1);
    }

    private static int hash(int word) {
        return (word * 0x9E3779B1) >>> 13;
    }
}
