package dev.stepwise.store.memory;

import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.VersionedStoreConformance;

/** The whole conformance kit against the memory store. */
class MemoryStoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() {
        return new MemoryFixture();
    }
}
