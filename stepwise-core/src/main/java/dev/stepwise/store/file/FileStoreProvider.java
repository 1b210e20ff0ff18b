package dev.stepwise.store.file;

import dev.stepwise.store.StoreProvider;
import dev.stepwise.store.VersionedStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** Opens a {@link FileStore} for {@code file:DIR} (a directory, created if missing). */
public final class FileStoreProvider implements StoreProvider {

    private static final String SCHEME = "file:";

    @Override
    public List<String> uriForms() {
        return List.of("file:DIR");
    }

    @Override
    public boolean accepts(String uri) {
        return uri.startsWith(SCHEME);
    }

    @Override
    public VersionedStore open(String uri) {
        String dir = uri.substring(SCHEME.length());
        if (dir.startsWith("//")) {
            dir = dir.substring(2);
        }
        if (dir.isBlank()) {
            throw new IllegalArgumentException("file store URI needs a directory: file:./sessions");
        }
        try {
            return FileStore.builder(Path.of(dir)).build();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("file store directory '" + dir + "' is not a valid path: "
                    + e.getReason(), e);
        }
    }
}
