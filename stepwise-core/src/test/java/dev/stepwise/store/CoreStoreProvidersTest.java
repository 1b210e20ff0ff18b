package dev.stepwise.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.memory.MemoryStore;
import org.junit.jupiter.api.Test;

/** The memory: provider registered by core. */
class CoreStoreProvidersTest {

    @Test
    void memoryOpensAFreshStoreEachTime() {
        try (VersionedStore a = StoreProviders.open("memory:");
                VersionedStore b = StoreProviders.open("memory:")) {
            assertInstanceOf(MemoryStore.class, a);
            assertNotSame(a, b);
        }
        assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("memory:shared"));
    }

    @Test
    void itsFormIsListedWhenNothingMatches() {
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("nosuch://x"));
        assertTrue(none.getMessage().contains("memory:"), none.getMessage());
    }
}
