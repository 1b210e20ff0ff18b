package dev.stepwise.server;

import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import java.nio.file.Path;

/** Opens the store a URI names, encrypted with a key ring file when one is given. */
final class StoreOpener {

    private StoreOpener() {}

    static VersionedStore open(String uri, Path keyFile) {
        KeyRing keys = keyFile == null ? null : KeyRing.fromFile(keyFile);
        VersionedStore store = StoreProviders.open(uri);
        return keys == null ? store : EncryptedStore.wrap(store, keys);
    }
}
