package dev.stepwise.micrometer;

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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps a store and, when armed, lets "another server" save the session right before the next turn
 * save (a write carrying log items), so that save loses its compare-and-set race exactly once.
 */
final class RacingStore implements VersionedStore {

    private final VersionedStore inner;
    private final AtomicBoolean armed = new AtomicBoolean();

    RacingStore(VersionedStore inner) {
        this.inner = inner;
    }

    void raceNextSave() {
        armed.set(true);
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        return inner.read(key);
    }

    @Override
    public WriteResult write(Write write) {
        if (!write.items().isEmpty() && armed.compareAndSet(true, false)) {
            Stored current = inner.read(write.key()).orElseThrow();
            WriteResult sneaked = inner.write(new Write(
                    current.key(),
                    current.value(),
                    Expect.version(current.version()),
                    Duration.ofHours(1),
                    current.attributes(),
                    List.of()));
            if (!(sneaked instanceof WriteResult.Written)) {
                throw new IllegalStateException("the racing write did not land: " + sneaked);
            }
        }
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
        return inner.readItems(key, window);
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        inner.trimItems(key, beforeSeq);
    }
}
