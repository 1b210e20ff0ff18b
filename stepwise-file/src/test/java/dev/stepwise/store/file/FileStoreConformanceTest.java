package dev.stepwise.store.file;

import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.VersionedStoreConformance;
import java.io.IOException;

/** The whole conformance kit against file stores: every client a new instance on one directory. */
class FileStoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() throws IOException {
        return new FileFixture();
    }
}
