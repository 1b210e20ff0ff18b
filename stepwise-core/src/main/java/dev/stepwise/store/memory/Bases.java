package dev.stepwise.store.memory;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Base}s of one store, by the name of what they hold (a flow and status, an item kind)
 * and the size of the value, and the rule for holding a value against them.
 *
 * <p>The first value of a name and size class becomes its base. Sizes are classed (eight classes
 * per doubling) because records of one flow at one step are much alike and about the same size,
 * while a step further they are longer: held against a base of their own step, a session's record
 * differs in its ids and times only, which encodes in a fraction of the time a delta from another
 * step's record takes. A value that shares too little with its base is held as it is; after
 * {@link #REBASE_EVERY} such values the latest becomes the base, so a flow whose records change
 * (a new version) gets a base like them. Records already held keep the base they were held against.
 * Where two bases in a row held nothing (the values share nothing: they are encrypted), one value in
 * {@link #FRUITLESS_TRY_EVERY} is tried, and the others are held as they are at the cost of a copy.
 *
 * <p>Bases take at most ~1 MB per name, and that only when values of every size up to
 * {@link Base#MAX_LENGTH} were held under it; a store's flows and statuses are few. Past
 * {@link #MAX_GROUPS} groups (flows a caller of the store SPI made up, say) values of a new group
 * are held as they are.
 */
final class Bases {

    /** Values a base fails to hold before the latest takes its place. */
    static final int REBASE_EVERY = 32;

    /** Of values whose bases keep holding nothing (encrypted ones), how many one try is made for. */
    static final int FRUITLESS_TRY_EVERY = 64;

    /** Groups (flows, item kinds) at most that get bases. */
    static final int MAX_GROUPS = 1024;

    /** Values shorter than this are held as they are unless equal to their base. */
    private static final int MIN_LENGTH = 32;

    /** Size classes up to {@link Base#MAX_LENGTH}: eight below 64 bytes, then eight per doubling. */
    private static final int SIZE_CLASSES = sizeClass(Base.MAX_LENGTH) + 1;

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, AtomicReferenceArray<Base>>> byName =
            new ConcurrentHashMap<>();

    /**
     * What a store holds for a value: the value (shared when equal to a base), or its delta.
     *
     * @param bytes never changed by the store, never handed out: {@link #value} copies
     */
    // the store keeps the two fields in its own records: this only carries them out of hold()
    @SuppressWarnings("ArrayRecordComponent")
    record Held(byte[] bytes, @Nullable Base base) {}

    /** A copy of the value held as {@code bytes} against {@code base} (none: as it is). */
    static byte[] value(byte[] bytes, @Nullable Base base) {
        return base == null ? bytes.clone() : Delta.decode(base, bytes);
    }

    /**
     * {@code value} as the store holds it, never sharing the caller's array.
     *
     * @param group and {@code name} name the base; null is a name like any other
     */
    Held hold(@Nullable String group, @Nullable String name, byte[] value) {
        if (value.length > Base.MAX_LENGTH) {
            return new Held(value.clone(), null);
        }
        String groupKey = group == null ? "" : group;
        ConcurrentHashMap<String, AtomicReferenceArray<Base>> named = byName.get(groupKey);
        if (named == null) {
            if (byName.size() >= MAX_GROUPS) {
                return new Held(value.clone(), null);
            }
            named = byName.computeIfAbsent(groupKey, g -> new ConcurrentHashMap<>());
        }
        String key = name == null ? "" : name;
        AtomicReferenceArray<Base> bySize = named.get(key);
        if (bySize == null) {
            bySize = named.computeIfAbsent(key, k -> new AtomicReferenceArray<>(SIZE_CLASSES));
        }
        int size = sizeClass(value.length);
        Base base = bySize.get(size);
        if (base == null) {
            Base first = new Base(value.clone());
            if (bySize.compareAndSet(size, null, first)) {
                return new Held(first.bytes(), null);
            }
            base = Objects.requireNonNull(bySize.get(size));
        }
        if (base.sameAs(value)) {
            return new Held(base.bytes(), null);
        }
        if (value.length < MIN_LENGTH || !base.worthTrying(FRUITLESS_TRY_EVERY)) {
            return new Held(value.clone(), null);
        }
        byte[] delta = Delta.encode(base, value, value.length * 3 / 4);
        if (delta != null) {
            base.held();
            return new Held(delta, base);
        }
        byte[] copy = value.clone();
        if (base.missed(REBASE_EVERY)) {
            bySize.compareAndSet(size, base, base.successor(copy));
        }
        return new Held(copy, null);
    }

    static int sizeClass(int length) {
        if (length < 64) {
            return length >>> 3;
        }
        int doubling = 31 - Integer.numberOfLeadingZeros(length); // 6 and up
        return 8 + (doubling - 6) * 8 + ((length >>> (doubling - 3)) & 7);
    }

    /** Groups that have bases. */
    int groups() {
        return byName.size();
    }

    void clear() {
        byName.clear();
    }
}
