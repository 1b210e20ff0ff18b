package dev.stepwise.engine;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a store and records what the engine asks of it. */
class CountingStore implements VersionedStore {

    final VersionedStore inner;
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger itemReads = new AtomicInteger();
    final List<Write> writes = new CopyOnWriteArrayList<>();

    CountingStore(VersionedStore inner) {
        this.inner = inner;
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        reads.incrementAndGet();
        return inner.read(key);
    }

    @Override
    public WriteResult write(Write write) {
        writes.add(write);
        return inner.write(write);
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        return inner.delete(key, expect);
    }

    @Override
    public Page list(ListQuery query) {
        return inner.list(query);
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        itemReads.incrementAndGet();
        return inner.readItems(key, window);
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        inner.trimItems(key, beforeSeq);
    }
}
