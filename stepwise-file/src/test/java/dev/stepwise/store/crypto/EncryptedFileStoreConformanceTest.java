package dev.stepwise.store.crypto;

import dev.stepwise.store.file.FileFixture;
import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.TestKeys;
import dev.stepwise.store.tck.VersionedStoreConformance;
import java.io.IOException;

/** The whole conformance kit against encrypted file stores, each client its own instance on one directory. */
class EncryptedFileStoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() throws IOException {
        KeyRing keys = TestKeys.rotated();
        return new FileFixture().wrapped(inner -> EncryptedStore.wrap(inner, keys));
    }
}
