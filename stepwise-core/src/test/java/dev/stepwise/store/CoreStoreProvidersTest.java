package dev.stepwise.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.file.FileStore;
import dev.stepwise.store.memory.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory: and file: providers registered by core. */
class CoreStoreProvidersTest {

    @TempDir
    Path dir;

    @Test
    void memoryOpensAFreshStoreEachTime() {
        try (VersionedStore a = StoreProviders.open("memory:"); VersionedStore b = StoreProviders.open("memory:")) {
            assertInstanceOf(MemoryStore.class, a);
            assertNotSame(a, b);
        }
        assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("memory:shared"));
    }

    @Test
    void fileOpensADirectoryCreatingIt() {
        Path sessions = dir.resolve("a/b");
        try (VersionedStore store = StoreProviders.open("file:" + sessions)) {
            assertInstanceOf(FileStore.class, store);
            assertTrue(Files.isDirectory(sessions));
        }
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("file:"));
        assertTrue(empty.getMessage().contains("file:./sessions"), empty.getMessage());
    }

    @Test
    void theirFormsAreListedWhenNothingMatches() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> StoreProviders.open("nosuch://x"));
        assertTrue(none.getMessage().contains("memory:") && none.getMessage().contains("file:DIR"), none.getMessage());
    }
}
