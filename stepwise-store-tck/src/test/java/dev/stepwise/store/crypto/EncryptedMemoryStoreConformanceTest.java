package dev.stepwise.store.crypto;

import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.memory.MemoryStore;
import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.TestKeys;
import dev.stepwise.store.tck.VersionedStoreConformance;

/**
 * The whole conformance kit against an encrypted memory store. Every client is its own
 * {@link EncryptedStore} over one shared {@link MemoryStore} (a memory store has no backend a
 * second client could connect to); closing the fixture closes that store.
 */
class EncryptedMemoryStoreConformanceTest extends VersionedStoreConformance {

    @Override
    protected StoreFixture createFixture() {
        MemoryStore backing = MemoryStore.builder().build();
        KeyRing keys = TestKeys.rotated();
        return new StoreFixture() {
            @Override
            public VersionedStore newClient() {
                return EncryptedStore.wrap(backing, keys);
            }

            @Override
            public void close() {
                backing.close();
            }
        };
    }
}
