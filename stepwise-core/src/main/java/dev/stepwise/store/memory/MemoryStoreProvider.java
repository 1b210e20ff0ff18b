package dev.stepwise.store.memory;

import dev.stepwise.store.StoreProvider;
import dev.stepwise.store.VersionedStore;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Opens a fresh {@link MemoryStore} for {@code memory:}, optionally {@code memory:?maxRecords=N} to
 * bound it at {@code N} records instead of 100,000; its sessions end with the process.
 */
public final class MemoryStoreProvider implements StoreProvider {

    private static final String SCHEME = "memory:";
    private static final String MAX_RECORDS = "maxRecords=";

    /** Called by {@link java.util.ServiceLoader}. */
    public MemoryStoreProvider() {}

    @Override
    public List<String> uriForms() {
        return List.of("memory:[?maxRecords=N]");
    }

    @Override
    public boolean accepts(String uri) {
        return uri.equals("memory") || uri.startsWith(SCHEME);
    }

    @Override
    public VersionedStore open(String uri) {
        if (!accepts(uri)) {
            throw new IllegalArgumentException("not a memory store URI: '" + uri + "'; use memory:");
        }
        MemoryStore.Builder builder = MemoryStore.builder();
        String rest = uri.equals("memory") ? "" : uri.substring(SCHEME.length());
        if (rest.isEmpty()) {
            return builder.build();
        }
        if (!rest.startsWith("?")) {
            throw new IllegalArgumentException("the memory store URI '" + uri
                    + "' names nothing after 'memory:' but options: use memory: or memory:?maxRecords=N");
        }
        for (String option : rest.substring(1).split("&", -1)) {
            if (!option.startsWith(MAX_RECORDS)) {
                throw new IllegalArgumentException("unknown memory store option '" + option + "' in '" + uri
                        + "'; the only option is maxRecords=N");
            }
            builder.maxRecords(maxRecords(option.substring(MAX_RECORDS.length())));
        }
        return builder.build();
    }

    private static int maxRecords(String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw notACount(value, e);
        }
        if (parsed < 1) {
            throw notACount(value, null);
        }
        return parsed;
    }

    private static IllegalArgumentException notACount(String value, @Nullable NumberFormatException cause) {
        return new IllegalArgumentException(
                "the memory store's maxRecords must be a whole number from 1 to " + Integer.MAX_VALUE + ", was '"
                        + value + "'",
                cause);
    }
}
