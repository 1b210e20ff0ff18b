package dev.stepwise.bench;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Passes every call to another store and notes, per turn, what the engine asked of it. Fails on
 * any call the raw baselines do not replay (deletes, listings, item reads, trims), so a change in
 * what a turn costs cannot go unnoticed. Single-threaded use only.
 */
final class CountingStore implements VersionedStore {

    private final VersionedStore inner;
    private final List<TurnShape> turns = new ArrayList<>();
    private int reads;
    private final List<TurnShape.Write> writes = new ArrayList<>();

    CountingStore(VersionedStore inner) {
        this.inner = inner;
    }

    /** Closes the current turn: it must have written. */
    void endTurn() {
        if (writes.isEmpty()) {
            throw new IllegalStateException("turn " + (turns.size() + 1) + " wrote nothing");
        }
        turns.add(new TurnShape(reads, writes));
        reads = 0;
        writes.clear();
    }

    List<TurnShape> turns() {
        return List.copyOf(turns);
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        reads++;
        return inner.read(key);
    }

    @Override
    public WriteResult write(Write w) {
        int[] items = w.items().stream().mapToInt(i -> i.payload().length).toArray();
        writes.add(new TurnShape.Write(w.value().length, items, w.ttl(), w.expect() instanceof Expect.Absent));
        return inner.write(w);
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        throw new IllegalStateException("a turn deleted " + key + "; the raw baselines do not replay deletes");
    }

    @Override
    public Page list(ListQuery query) {
        throw new IllegalStateException("a turn listed records; the raw baselines do not replay listings");
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        throw new IllegalStateException("a turn read items; the raw baselines do not replay item reads");
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        throw new IllegalStateException("a turn trimmed items; the raw baselines do not replay trims");
    }

    @Override
    public void close() {
        inner.close();
    }
}
