package dev.stepwise.store.memory;

import dev.stepwise.store.StoreProvider;
import dev.stepwise.store.VersionedStore;
import java.util.List;

/** Opens a fresh {@link MemoryStore} for {@code memory:}; its sessions end with the process. */
public final class MemoryStoreProvider implements StoreProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public MemoryStoreProvider() {}

    @Override
    public List<String> uriForms() {
        return List.of("memory:");
    }

    @Override
    public boolean accepts(String uri) {
        return uri.equals("memory:") || uri.equals("memory");
    }

    @Override
    public VersionedStore open(String uri) {
        if (!accepts(uri)) {
            throw new IllegalArgumentException("memory store URI takes no options: use 'memory:'");
        }
        return MemoryStore.builder().build();
    }
}
