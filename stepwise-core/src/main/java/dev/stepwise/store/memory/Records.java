package dev.stepwise.store.memory;

import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jspecify.annotations.Nullable;

/**
 * The records of one kind: a hash map for the point lookups every turn makes, and the ids in order
 * beside it for listings. A skip list alone made each read and write walk about log2(n) nodes
 * scattered over the heap, so a turn slowed as the store filled; the hash map keeps it at one probe.
 *
 * <p>Changes are made by the holder of the id's stripe lock only; lookups and listings take no lock.
 * A listing may miss a record created while it runs, or find an id whose record has just gone (it
 * skips it).
 */
final class Records {

    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();

    @Nullable Entry get(String id) {
        return byId.get(id);
    }

    /** Caller holds the id's lock. */
    void put(String id, Entry entry) {
        if (byId.put(id, entry) == null) {
            ids.add(id);
        }
    }

    /** Removes the id's record if it is still {@code entry}; caller holds the id's lock. */
    boolean remove(String id, Entry entry) {
        if (byId.remove(id, entry)) {
            ids.remove(id);
            return true;
        }
        return false;
    }

    /** Ids in order from {@code from}. */
    NavigableSet<String> idsFrom(String from, boolean inclusive) {
        return ids.tailSet(from, inclusive);
    }

    void clear() {
        byId.clear();
        ids.clear();
    }
}
