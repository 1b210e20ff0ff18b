package dev.stepwise.server;

import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store a URI names, encrypted with a key ring file when one is given. A store on this
 * machine's disk (SQLite file, file-store directory) is created by {@link #open} and said so, but
 * never by {@link #openExisting}: a command that only reads must not turn a typo into an empty
 * store.
 */
final class StoreOpener {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);

    private StoreOpener() {}

    /** Opens the store, creating a local one (and its directories) when missing, and logging that. */
    static VersionedStore open(String uri, Path keyFile) {
        KeyRing keys = keyFile == null ? null : KeyRing.fromFile(keyFile);
        Optional<Path> local = StoreProviders.localPath(uri);
        boolean creating = local.isPresent() && !Files.exists(local.get());
        VersionedStore store = StoreProviders.open(uri);
        if (creating) {
            LOG.info(
                    "created a new store at {} (it did not exist)",
                    local.get().toAbsolutePath().normalize());
        }
        return keys == null ? store : EncryptedStore.wrap(store, keys);
    }

    /**
     * Opens a store that must already exist.
     *
     * @throws IllegalArgumentException naming the missing file or directory of a local store
     */
    static VersionedStore openExisting(String uri, Path keyFile) {
        StoreProviders.localPath(uri).ifPresent(path -> requireExisting(uri, path));
        return open(uri, keyFile);
    }

    /** Opens a store that must already exist, without decrypting (values stay ciphertext). */
    static VersionedStore openExistingRaw(String uri) {
        StoreProviders.localPath(uri).ifPresent(path -> requireExisting(uri, path));
        return StoreProviders.open(uri);
    }

    private static void requireExisting(String uri, Path path) {
        if (Files.exists(path)) {
            return;
        }
        Path absolute = path.toAbsolutePath().normalize();
        Path missing = absolute;
        while (missing.getParent() != null && !Files.exists(missing.getParent())) {
            missing = missing.getParent();
        }
        String what = missing.equals(absolute) ? "" : ": directory " + missing + " does not exist";
        throw new IllegalArgumentException("no store at " + absolute + what + " (from --store "
                + StoreProviders.redact(uri) + "); this command only reads an existing store,"
                + " so check the path (`stepwise serve` creates a new store)");
    }
}
