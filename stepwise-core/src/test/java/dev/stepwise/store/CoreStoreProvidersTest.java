package dev.stepwise.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    void maxRecordsBoundsTheStore() {
        try (VersionedStore store = StoreProviders.open("memory:?maxRecords=2")) {
            assertInstanceOf(WriteResult.Written.class, store.write(create("a")));
            assertInstanceOf(WriteResult.Written.class, store.write(create("b")));
            StoreException full = assertThrows(StoreUnavailableException.class, () -> store.write(create("c")));
            assertTrue(full.getMessage().startsWith("memory store is full: 2 records"), full.getMessage());
        }
        try (VersionedStore store = StoreProviders.open("memory:?maxRecords=3")) {
            for (String id : new String[] {"a", "b", "c"}) {
                assertInstanceOf(WriteResult.Written.class, store.write(create(id)));
            }
        }
    }

    @Test
    void aBadOptionIsNamed() {
        assertEquals(
                "the memory store's maxRecords must be a whole number from 1 to 2147483647, was '0'",
                refused("memory:?maxRecords=0"));
        assertEquals(
                "the memory store's maxRecords must be a whole number from 1 to 2147483647, was 'lots'",
                refused("memory:?maxRecords=lots"));
        assertEquals(
                "the memory store's maxRecords must be a whole number from 1 to 2147483647, was '99999999999'",
                refused("memory:?maxRecords=99999999999"));
        assertEquals(
                "the memory store URI 'memory:shared' names nothing after 'memory:' but options: use memory: or"
                        + " memory:?maxRecords=N",
                refused("memory:shared"));
        assertEquals(
                "unknown memory store option 'size=3' in 'memory:?size=3'; the only option is maxRecords=N",
                refused("memory:?size=3"));
        assertEquals(
                "unknown memory store option 'maxRecords' in 'memory:?maxRecords'; the only option is maxRecords=N",
                refused("memory:?maxRecords"));
    }

    private static String refused(String uri) {
        return assertThrows(IllegalArgumentException.class, () -> StoreProviders.open(uri))
                .getMessage();
    }

    private static Write create(String id) {
        return Write.of(
                StoreKey.session(id), id.getBytes(StandardCharsets.UTF_8), Expect.absent(), Duration.ofHours(1));
    }

    @Test
    void itsFormIsListedWhenNothingMatches() {
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("nosuch://x"));
        assertTrue(none.getMessage().contains("memory:"), none.getMessage());
    }
}
