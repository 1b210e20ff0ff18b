package dev.stepwise.spring;

import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the store the properties name, or one over the application's {@link DataSource}. */
final class StepwiseStores {

    /** The store of {@code stepwise serve} when none is configured. */
    static final String DEFAULT_URI = "sqlite:./stepwise.db";

    private static final Logger LOG = LoggerFactory.getLogger(StepwiseStores.class);

    private StepwiseStores() {}

    /**
     * The store for {@code uri} (through the {@code StoreProvider}s on the class path, as
     * {@code --store} does), else over {@code dataSource}, else {@link #DEFAULT_URI}.
     */
    static VersionedStore open(String uri, DataSource dataSource) {
        if (uri != null && !uri.isBlank()) {
            return open(uri.trim());
        }
        if (dataSource != null) {
            LOG.info("stepwise store: the application's DataSource");
            return JdbcStore.builder(dataSource).build();
        }
        return open(DEFAULT_URI);
    }

    private static VersionedStore open(String uri) {
        Optional<Path> local = StoreProviders.localPath(uri);
        boolean creating = local.isPresent() && !Files.exists(local.get());
        VersionedStore store = StoreProviders.open(uri);
        LOG.info("stepwise store: {}", StoreProviders.redact(uri));
        if (creating) {
            LOG.info(
                    "created a new store at {} (it did not exist)",
                    local.get().toAbsolutePath().normalize());
        }
        return store;
    }
}
