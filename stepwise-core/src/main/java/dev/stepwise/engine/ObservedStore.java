package dev.stepwise.engine;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's store when an observer is set: each operation is timed and reported as a
 * {@link StoreCall}, with its outcome (a failed condition is a conflict, not a failure). Results
 * and exceptions pass through unchanged.
 */
final class ObservedStore implements VersionedStore {

    private final VersionedStore store;
    private final String name;
    private final EngineObserver observer;

    ObservedStore(VersionedStore store, String name, EngineObserver observer) {
        this.store = store;
        this.name = name;
        this.observer = observer;
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        return timed(StoreCall.Operation.READ, () -> store.read(key), r -> StoreCall.Outcome.OK);
    }

    @Override
    public Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        return timed(StoreCall.Operation.READ_ALL, () -> store.readAll(keys), r -> StoreCall.Outcome.OK);
    }

    @Override
    public WriteResult write(Write write) {
        return timed(
                StoreCall.Operation.WRITE,
                () -> store.write(write),
                r -> r instanceof WriteResult.Written ? StoreCall.Outcome.OK : StoreCall.Outcome.CONFLICT);
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        return timed(
                StoreCall.Operation.DELETE,
                () -> store.delete(key, expect),
                r -> r instanceof DeleteResult.Deleted ? StoreCall.Outcome.OK : StoreCall.Outcome.CONFLICT);
    }

    @Override
    public Page list(ListQuery query) {
        return timed(StoreCall.Operation.LIST, () -> store.list(query), r -> StoreCall.Outcome.OK);
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        return timed(StoreCall.Operation.READ_ITEMS, () -> store.readItems(key, window), r -> StoreCall.Outcome.OK);
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        timed(
                StoreCall.Operation.TRIM_ITEMS,
                () -> {
                    store.trimItems(key, beforeSeq);
                    return Boolean.TRUE;
                },
                r -> StoreCall.Outcome.OK);
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T timed(StoreCall.Operation operation, Supplier<T> call, Function<T, StoreCall.Outcome> outcome) {
        EngineObserver.Watch<StoreCall> watch = observer.store(name, operation);
        long start = System.nanoTime();
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            watch.ended(new StoreCall(
                    name,
                    operation,
                    e instanceof StoreUnavailableException ? StoreCall.Outcome.UNAVAILABLE : StoreCall.Outcome.FAILED,
                    System.nanoTime() - start));
            throw e;
        }
        watch.ended(new StoreCall(name, operation, outcome.apply(result), System.nanoTime() - start));
        return result;
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
