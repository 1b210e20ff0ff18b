package dev.stepwise.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreProviderTest {

    @TempDir
    Path dir;

    @Test
    void opensFileUrisThroughTheServiceLoader() throws Exception {
        Path target = dir.resolve("sessions");
        try (VersionedStore store = StoreProviders.open("file:" + target + "?pretty=true")) {
            FileStore file = assertInstanceOf(FileStore.class, store);
            assertEquals(target.toRealPath(), file.directory());
            store.write(Write.of(StoreKey.session("s"), new byte[] {1}, Expect.absent(), Duration.ofMinutes(1)));
            assertTrue(Files.readString(target.resolve("session/s.json")).contains("\n"));
        }
        try (VersionedStore store = StoreProviders.open(target.toUri().toString())) {
            assertTrue(store.read(StoreKey.session("s")).isPresent());
        }
    }

    @Test
    void refusesUrisItCannotOpen() {
        FileStoreProvider provider = new FileStoreProvider();
        assertFalse(provider.accepts("sqlite:x.db"));
        assertTrue(provider.accepts("FILE:x"));
        assertThrows(IllegalArgumentException.class, () -> provider.open("file:"));
        IllegalArgumentException option =
                assertThrows(IllegalArgumentException.class, () -> provider.open("file:" + dir + "?fsync=false"));
        assertTrue(option.getMessage().contains("fsync=false"), option.getMessage());
    }

    @Test
    void fileOpensADirectoryCreatingIt() {
        Path sessions = dir.resolve("a/b");
        try (VersionedStore store = StoreProviders.open("file:" + sessions)) {
            assertInstanceOf(FileStore.class, store);
            assertTrue(Files.isDirectory(sessions));
        }
        IllegalArgumentException empty =
                assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("file:"));
        assertTrue(empty.getMessage().contains("file:./sessions"), empty.getMessage());
    }

    @Test
    void itsFormIsListedWhenNothingMatches() {
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("nosuch://x"));
        assertTrue(none.getMessage().contains("memory:") && none.getMessage().contains("file:DIR"), none.getMessage());
    }
}
