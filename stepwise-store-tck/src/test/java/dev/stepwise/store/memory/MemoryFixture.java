package dev.stepwise.store.memory;

import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.tck.StoreFixture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The memory store under the conformance kit.
 *
 * <p>A memory store has no backend outside the object itself, so there is nothing a second
 * "independent client" could connect to: {@link #newClient()} returns thin views over one shared
 * {@link MemoryStore}. The kit's races between clients therefore run between threads calling one
 * store through different views, which is exactly how a memory store is shared in production.
 */
final class MemoryFixture implements StoreFixture {

    private final MemoryStore backing = MemoryStore.builder().build();
    private final List<SharedView> views = new CopyOnWriteArrayList<>();

    @Override
    public VersionedStore newClient() {
        SharedView view = new SharedView(backing);
        views.add(view);
        return view;
    }

    @Override
    public void close() {
        views.forEach(SharedView::close);
        backing.close();
    }
}
