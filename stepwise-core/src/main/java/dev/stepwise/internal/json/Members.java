package dev.stepwise.internal.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The members of a JSON object node, in insertion order: up to {@value #FLAT_MAX} in one array of
 * alternating names and values, searched linearly; past that, a {@link LinkedHashMap}, kept from
 * then on.
 *
 * <p>Why: almost every object a turn builds (answers, patches, hints, claims, the nodes of a
 * session's state) holds one to seven members, and Jackson keeps each in a {@code LinkedHashMap}, a
 * hash table and one entry object per member. Those maps were a quarter of the bytes a turn
 * allocated. Looking a name up among at most eight costs no more than hashing it.
 *
 * <p>A full {@link Map}: views write through, iterators support {@code remove}, {@code equals} and
 * {@code hashCode} follow the {@code Map} contract, so an object node behaves as with Jackson's own
 * map. Not thread-safe, as Jackson's is not; an iterator fails fast on a change it did not make.
 */
public final class Members extends AbstractMap<String, JsonNode> {

    /** The most members kept flat. */
    static final int FLAT_MAX = 8;

    private static final int FIRST_CAPACITY = 4;

    private static final Object[] NONE = {};

    /** Names at even indexes, each followed by its value; slots past {@link #size} pairs are null. */
    private Object[] flat = NONE;

    private int size;

    /** Counts structural changes, for fail-fast iterators. */
    private int changes;

    /** The members once there were more than {@link #FLAT_MAX}; then {@link #flat} is unused. */
    private @Nullable LinkedHashMap<String, JsonNode> large;

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public boolean containsKey(Object name) {
        return large != null ? large.containsKey(name) : indexOf(name) >= 0;
    }

    @Override
    public @Nullable JsonNode get(Object name) {
        if (large != null) {
            return large.get(name);
        }
        int index = indexOf(name);
        return index < 0 ? null : value(index);
    }

    @Override
    public @Nullable JsonNode put(String name, JsonNode value) {
        Objects.requireNonNull(name, "name");
        if (large != null) {
            return large.put(name, value);
        }
        int index = indexOf(name);
        if (index >= 0) {
            JsonNode old = value(index);
            flat[2 * index + 1] = value;
            return old;
        }
        if (size == FLAT_MAX) {
            large = new LinkedHashMap<>(2 * FLAT_MAX);
            for (int i = 0; i < size; i++) {
                large.put(name(i), value(i));
            }
            flat = NONE;
            size = 0;
            changes++;
            return large.put(name, value);
        }
        if (flat.length == 2 * size) {
            Object[] grown = new Object[2 * Math.max(FIRST_CAPACITY, Math.min(2 * size, FLAT_MAX))];
            System.arraycopy(flat, 0, grown, 0, 2 * size);
            flat = grown;
        }
        flat[2 * size] = name;
        flat[2 * size + 1] = value;
        size++;
        changes++;
        return null;
    }

    @Override
    public @Nullable JsonNode remove(Object name) {
        if (large != null) {
            return large.remove(name);
        }
        int index = indexOf(name);
        if (index < 0) {
            return null;
        }
        JsonNode old = value(index);
        removeAt(index);
        return old;
    }

    @Override
    @SuppressWarnings("NullAway") // slots past size are cleared, so that no removed member is kept alive
    public void clear() {
        if (large != null) {
            large.clear();
            return;
        }
        if (size > 0) {
            Arrays.fill(flat, 0, 2 * size, null);
            size = 0;
            changes++;
        }
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        return large != null ? large.entrySet() : new FlatEntries();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
        if (large != null) {
            large.forEach(action);
            return;
        }
        int expected = changes;
        for (int i = 0; i < size; i++) {
            action.accept(name(i), value(i));
            if (changes != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    private int indexOf(Object name) {
        if (name == null) {
            return -1;
        }
        for (int i = 0; i < size; i++) {
            // String.equals tests identity first, and names read by Jackson's parser are canonical
            if (flat[2 * i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private String name(int index) {
        return (String) flat[2 * index];
    }

    private JsonNode value(int index) {
        return (JsonNode) flat[2 * index + 1];
    }

    @SuppressWarnings("NullAway") // as in clear
    private void removeAt(int index) {
        System.arraycopy(flat, 2 * index + 2, flat, 2 * index, 2 * (size - index - 1));
        size--;
        flat[2 * size] = null;
        flat[2 * size + 1] = null;
        changes++;
    }

    /** The entry view while the members are flat. */
    private final class FlatEntries extends AbstractSet<Entry<String, JsonNode>> {
        @Override
        public int size() {
            return Members.this.size();
        }

        @Override
        public void clear() {
            Members.this.clear();
        }

        @Override
        public Iterator<Entry<String, JsonNode>> iterator() {
            return new FlatIterator();
        }
    }

    private final class FlatIterator implements Iterator<Entry<String, JsonNode>> {
        private int next;
        private int last = -1;
        private int expected = changes;

        @Override
        public boolean hasNext() {
            return next < size && large == null;
        }

        @Override
        public Entry<String, JsonNode> next() {
            checkUnchanged();
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new FlatEntry(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() was not called, or remove() was called already");
            }
            checkUnchanged();
            removeAt(last);
            next = last;
            last = -1;
            expected = changes;
        }

        private void checkUnchanged() {
            if (changes != expected || large != null) {
                throw new ConcurrentModificationException();
            }
        }
    }

    /** One member, writing through to the map while that member is still at its index. */
    private final class FlatEntry implements Entry<String, JsonNode> {
        private final String name;
        private final int index;
        private JsonNode value;

        FlatEntry(int index) {
            this.index = index;
            this.name = name(index);
            this.value = value(index);
        }

        @Override
        public String getKey() {
            return name;
        }

        @Override
        public JsonNode getValue() {
            return value;
        }

        @Override
        public JsonNode setValue(JsonNode replacement) {
            if (large != null || index >= size || flat[2 * index] != name) {
                throw new IllegalStateException("the member " + name + " was removed or moved since it was read");
            }
            JsonNode old = value;
            flat[2 * index + 1] = replacement;
            value = replacement;
            return old;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry<?, ?> entry
                    && name.equals(entry.getKey())
                    && Objects.equals(value, entry.getValue());
        }

        @Override
        public int hashCode() {
            return name.hashCode() ^ Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + value;
        }
    }
}
