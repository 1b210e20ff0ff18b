package dev.stepwise.store.file;

import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.tck.StoreFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * File stores on one fresh temp directory: each {@link #newClient()} is a new {@link FileStore}
 * instance, so the kit's races run between instances that share nothing but the directory (and
 * the OS file locks), as two processes would.
 */
public final class FileFixture implements StoreFixture {

    private final Path directory;
    private final List<FileStore> clients = new CopyOnWriteArrayList<>();

    public FileFixture() throws IOException {
        this.directory = Files.createTempDirectory("stepwise-file-tck-");
    }

    @Override
    public FileStore newClient() {
        FileStore store = FileStore.builder(directory)
                .sweepInterval(Duration.ofSeconds(1))
                .build();
        clients.add(store);
        return store;
    }

    /** Wraps each new client, e.g. in an encrypting store. */
    public StoreFixture wrapped(Function<VersionedStore, VersionedStore> wrapper) {
        FileFixture self = this;
        return new StoreFixture() {
            @Override
            public VersionedStore newClient() {
                return wrapper.apply(self.newClient());
            }

            @Override
            public void close() throws IOException {
                self.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        clients.forEach(FileStore::close);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
