package dev.stepwise.store.memory;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One "client" of a {@link MemoryFixture}: forwards every call to the shared {@link MemoryStore}.
 * Closing it closes only the view, so a test that uses a client after closing it fails.
 */
final class SharedView implements VersionedStore {

    private final MemoryStore backing;
    private volatile boolean closed;

    SharedView(MemoryStore backing) {
        this.backing = backing;
    }

    private MemoryStore backing() {
        if (closed) {
            throw new IllegalStateException("this client was closed");
        }
        return backing;
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        return backing().read(key);
    }

    @Override
    public Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        return backing().readAll(keys);
    }

    @Override
    public WriteResult write(Write write) {
        return backing().write(write);
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        return backing().delete(key, expect);
    }

    @Override
    public Page list(ListQuery query) {
        return backing().list(query);
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        return backing().readItems(key, window);
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        backing().trimItems(key, beforeSeq);
    }

    @Override
    public void close() {
        closed = true;
    }
}
