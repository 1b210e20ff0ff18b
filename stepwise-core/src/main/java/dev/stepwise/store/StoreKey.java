package dev.stepwise.store;

import java.util.Objects;

/**
 * The address of one record: its kind and an id.
 *
 * <p>An id is any non-empty string of at most {@value #MAX_ID_LENGTH} chars that is well-formed
 * UTF-16 and contains no NUL. Everything else (separators, {@code ../}, device names, case-only
 * differences, emoji) is legal, and every store must keep such ids apart and inside its own
 * namespace. Construction fails with {@link IllegalArgumentException} naming the problem.
 */
public record StoreKey(RecordKind kind, String id) {

    /** Longest id accepted, in UTF-16 chars. */
    public static final int MAX_ID_LENGTH = 1024;

    public StoreKey {
        Objects.requireNonNull(kind, "kind");
        checkId(id);
    }

    public static StoreKey session(String id) {
        return new StoreKey(RecordKind.SESSION, id);
    }

    public static StoreKey user(String id) {
        return new StoreKey(RecordKind.USER, id);
    }

    public static StoreKey project(String id) {
        return new StoreKey(RecordKind.PROJECT, id);
    }

    public static StoreKey resource(String id) {
        return new StoreKey(RecordKind.RESOURCE, id);
    }

    /**
     * Checks that {@code id} may name a record.
     *
     * @throws IllegalArgumentException naming what is wrong with the id
     */
    public static void checkId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("record id must not be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "record id is " + id.length() + " chars long; the limit is " + MAX_ID_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException("record id contains a NUL character at index " + i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new IllegalArgumentException("record id has an unpaired surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException("record id has an unpaired surrogate at index " + i);
            }
        }
    }

    // Written out rather than left to the record's generated methods: a key is compared in hash
    // lookups on every turn, and in a busy server the generated method handles were not inlined
    // there (2-3 % of the engine's samples).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof StoreKey other && kind == other.kind && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return 31 * kind.ordinal() + id.hashCode();
    }

    @Override
    public String toString() {
        return kind.label() + ":" + id;
    }
}
