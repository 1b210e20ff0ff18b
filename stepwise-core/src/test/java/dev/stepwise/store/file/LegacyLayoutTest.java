package dev.stepwise.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the previous release (envelope format 1, a file per item plus an 8-byte seq
 * index per generation) keeps working: its windows read, and its first write or trim moves the
 * live items into a generation of the current layout. The fixture is written here byte for byte
 * as that release wrote it.
 */
class LegacyLayoutTest {

    private static final String GENERATION = "00112233445566778899aabbccddeeff";
    private static final StoreKey KEY = StoreKey.session("old:one");
    private static final String NAME = FileNames.encode(KEY.id());

    @TempDir
    Path directory;

    private FileStore store;

    @BeforeEach
    void writeOldStore() throws IOException {
        // 12 items, the first 4 trimmed by the old release (from = 4); the trimmed item files were deleted
        Path log = directory.resolve("session").resolve(NAME + ".items").resolve(GENERATION);
        Files.createDirectories(log);
        ByteBuffer index = ByteBuffer.allocate(12 * 8);
        for (long seq = 1; seq <= 12; seq++) {
            index.putLong(seq);
            if (seq > 4) {
                Files.writeString(log.resolve(String.format("%019d.item", seq)), "{\"seq\":" + seq
                        + ",\"kind\":\"user\",\"at\":\"" + at(seq) + "\",\"payload\":\""
                        + Base64.getEncoder().encodeToString(payload(seq)) + "\"}");
            }
        }
        Files.write(log.resolve("index"), index.array());
        Files.writeString(directory.resolve("session").resolve(NAME + ".json"),
                "{\"format\":1,\"id\":\"old:one\",\"version\":7,\"updatedAt\":\"2026-11-01T10:00:00.5Z\","
                        + "\"expiresAt\":\"2999-01-01T00:00:00Z\",\"attributes\":{\"flowId\":\"quote\","
                        + "\"status\":\"waiting\",\"userId\":null},\"log\":{\"generation\":\"" + GENERATION
                        + "\",\"from\":4,\"count\":12,\"lastSeq\":12},\"value\":\""
                        + Base64.getEncoder().encodeToString("old value".getBytes(StandardCharsets.UTF_8)) + "\"}");
        store = FileStore.builder(directory).sweepInterval(Duration.ZERO).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Instant at(long seq) {
        return Instant.parse("2026-11-01T09:00:00Z").plusMillis(seq * 1001);
    }

    private static byte[] payload(long seq) {
        return ("old item " + seq).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheOldRecordAndItsWindows() {
        Stored stored = store.read(KEY).orElseThrow();
        assertEquals(7, stored.version());
        assertArrayEquals("old value".getBytes(StandardCharsets.UTF_8), stored.value());
        assertEquals(Instant.parse("2026-11-01T10:00:00.5Z"), stored.updatedAt());
        assertEquals("quote", stored.attributes().flowId());
        assertEquals(List.of(KEY), store.list(ListQuery.of(RecordKind.SESSION, "", 5)).records().stream().map(Stored::key).toList());
        assertItems(5, 12);
    }

    @Test
    void theFirstWriteMovesTheItemsIntoTheNewLayout() throws IOException {
        store.write(new Write(KEY, "new value".getBytes(StandardCharsets.UTF_8), Expect.version(7), Duration.ofHours(1),
                RecordAttributes.NONE, List.of(new Item(13, "user", at(13), payload(13)))));
        assertItems(5, 13);
        List<String> generations = generations();
        assertEquals(1, generations.size(), "the old generation is removed once the new one is committed");
        assertNotEquals(GENERATION, generations.get(0));
        assertTrue(Files.exists(directory.resolve("session").resolve(NAME + ".items").resolve(generations.get(0) + ItemLog.DATA)));
        assertTrue(Files.readString(directory.resolve("session").resolve(NAME + ".json")).contains("\"format\":2"));
        // and it goes on as a store of the current layout
        store.write(new Write(KEY, "v3".getBytes(StandardCharsets.UTF_8), Expect.version(8), Duration.ofHours(1),
                RecordAttributes.NONE, List.of(new Item(14, "user", at(14), payload(14)))));
        assertItems(5, 14);
        store.trimItems(KEY, 12);
        assertItems(12, 14);
    }

    @Test
    void aWriteWithoutItemsKeepsTheOldItems() throws IOException {
        store.write(new Write(KEY, "new value".getBytes(StandardCharsets.UTF_8), Expect.version(7), Duration.ofHours(1),
                RecordAttributes.NONE, List.of()));
        assertItems(5, 12);
        assertNotEquals(GENERATION, generations().get(0));
    }

    @Test
    void aTrimMovesTheRemainingItemsIntoTheNewLayout() throws IOException {
        store.trimItems(KEY, 3); // nothing below the live start: no change
        assertEquals(List.of(GENERATION), generations());
        store.trimItems(KEY, 9);
        assertItems(9, 12);
        assertEquals(7, store.read(KEY).orElseThrow().version());
        assertEquals(1, generations().size());
        assertNotEquals(GENERATION, generations().get(0));
    }

    @Test
    void aMissingOldItemFileIsThatRecordsCorruption() throws IOException {
        Files.delete(directory.resolve("session").resolve(NAME + ".items").resolve(GENERATION)
                .resolve(String.format("%019d.item", 6)));
        assertThrows(CorruptRecordException.class, () -> store.readItems(KEY, ItemWindow.after(0, 100)));
        assertThrows(CorruptRecordException.class, () -> store.write(new Write(KEY, "v".getBytes(StandardCharsets.UTF_8),
                Expect.version(7), Duration.ofHours(1), RecordAttributes.NONE, List.of())));
        assertEquals(7, store.read(KEY).orElseThrow().version(), "the record is left as it was");
        assertEquals(List.of(11L, 12L), store.readItems(KEY, ItemWindow.last(2)).stream().map(Item::seq).toList());
    }

    private void assertItems(long first, long last) {
        List<Long> all = LongStream.rangeClosed(first, last).boxed().toList();
        List<Item> items = store.readItems(KEY, ItemWindow.after(0, 100));
        assertEquals(all, items.stream().map(Item::seq).toList());
        for (Item item : items) {
            assertArrayEquals(payload(item.seq()), item.payload());
            assertEquals(at(item.seq()), item.at());
        }
        assertEquals(all.subList(all.size() - 3, all.size()),
                store.readItems(KEY, ItemWindow.last(3)).stream().map(Item::seq).toList());
        assertEquals(LongStream.rangeClosed(first + 2, Math.min(last, first + 3)).boxed().toList(),
                store.readItems(KEY, ItemWindow.after(first + 1, 2)).stream().map(Item::seq).toList());
    }

    private List<String> generations() throws IOException {
        try (Stream<Path> list = Files.list(directory.resolve("session").resolve(NAME + ".items"))) {
            return list.map(p -> ItemLog.generationOf(p.getFileName().toString())).distinct().toList();
        }
    }
}
