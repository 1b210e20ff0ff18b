package dev.stepwise.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Write;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offset index is a cache: whatever state it is in (missing, short, garbled, stale, shifted),
 * windows come out right, a write rebuilds it, and only damage to the data file itself is a
 * corrupt record.
 */
class ItemLogIndexTest {

    private static final Duration TTL = Duration.ofHours(1);
    private static final StoreKey KEY = StoreKey.session("log");

    @TempDir
    Path directory;

    private FileStore store;

    @BeforeEach
    void open() {
        store = FileStore.builder(directory).sweepInterval(Duration.ZERO).build();
        // 40 items of different sizes, in four writes, the first 10 trimmed
        long version = 0;
        for (int write = 0; write < 4; write++) {
            List<Item> items = LongStream.rangeClosed(write * 10L + 1, write * 10L + 10)
                    .mapToObj(ItemLogIndexTest::item)
                    .toList();
            Expect expect = write == 0 ? Expect.absent() : Expect.version(version);
            store.write(new Write(KEY, bytes("v"), expect, TTL, RecordAttributes.NONE, items));
            version = store.read(KEY).orElseThrow().version();
        }
        store.trimItems(KEY, 11);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Item item(long seq) {
        return new Item(
                seq,
                seq % 3 == 0 ? "assistant" : "user",
                Instant.ofEpochSecond(1_700_000_000L + seq, seq * 1000),
                bytes("payload " + "x".repeat((int) (seq * 7 % 50)) + seq));
    }

    @Test
    void windowsAreRightWithTheIndexAsWritten() throws IOException {
        assertWindows();
        assertEquals(40 * 16, Files.size(offsets()));
    }

    @Test
    void aMissingIndexIsScannedAroundAndRebuiltByTheNextWrite() throws IOException {
        Files.delete(offsets());
        assertWindows();
        appendAndCheckRebuilt();
    }

    @Test
    void aShortIndexIsScannedAroundAndRebuiltByTheNextWrite() throws IOException {
        corrupt(bytes -> Arrays.copyOf(bytes, 17 * 16 + 5));
        assertWindows();
        appendAndCheckRebuilt();
    }

    @Test
    void aZeroedIndexIsNoticed() throws IOException {
        corrupt(bytes -> new byte[bytes.length]);
        assertWindows();
        appendAndCheckRebuilt();
    }

    @Test
    void aGarbledIndexIsNoticed() throws IOException {
        corrupt(bytes -> {
            byte[] garbled = bytes.clone();
            for (int i = 0; i < garbled.length; i += 7) {
                garbled[i] ^= (byte) 0x5a;
            }
            return garbled;
        });
        assertWindows();
        appendAndCheckRebuilt();
    }

    @Test
    void anIndexShiftedByOneEntryIsNoticed() throws IOException {
        // every entry valid on its own (a real frame with its seq) but at the wrong position
        corrupt(bytes -> {
            byte[] shifted = new byte[bytes.length];
            System.arraycopy(bytes, 16, shifted, 0, bytes.length - 16);
            System.arraycopy(bytes, bytes.length - 16, shifted, bytes.length - 16, 16);
            return shifted;
        });
        assertWindows();
        appendAndCheckRebuilt();
    }

    @Test
    void anIndexWithOneEntryPointingAtAnotherFrameIsNoticed() throws IOException {
        // entry 25 names the seq and offset of position 24: a consistent pair at the wrong place
        corrupt(bytes -> {
            byte[] copy = bytes.clone();
            System.arraycopy(bytes, 24 * 16, copy, 25 * 16, 16);
            return copy;
        });
        assertWindows();
    }

    @Test
    void theSweeperRemovesGenerationsNoEnvelopeNames() throws IOException {
        // what a writer that crashed during a compaction leaves: a copy never committed
        Path logDirectory = data().getParent();
        Path orphan = logDirectory.resolve("0123456789abcdef" + ItemLog.DATA);
        Files.writeString(orphan, "{\"seq\":11,\"kind\":\"user\"}\n");
        Files.write(logDirectory.resolve("0123456789abcdef" + ItemLog.OFFSETS), new byte[16]);
        store.sweep();
        try (var entries = Files.list(logDirectory)) {
            assertEquals(Set.of(data(), offsets()), entries.collect(Collectors.toSet()));
        }
        assertWindows();
    }

    @Test
    void damageToTheDataFileIsACorruptRecord() throws IOException {
        Path data = data();
        byte[] bytes = Files.readAllBytes(data);
        int middle = bytes.length / 2;
        while (bytes[middle] != '\n') {
            middle++;
        }
        bytes[middle + 3] = 'X'; // breaks the next frame's {"seq": prefix
        Files.write(data, bytes);
        Files.delete(offsets());
        assertThrows(CorruptRecordException.class, () -> store.readItems(KEY, ItemWindow.after(0, 100)));
    }

    private void assertWindows() {
        for (int limit : new int[] {1, 2, 7, 29, 30, 31, 100}) {
            assertEquals(
                    range(Math.max(11, 41 - limit), 40),
                    seqs(store.readItems(KEY, ItemWindow.last(limit))),
                    "last " + limit);
        }
        for (long after : new long[] {0, 5, 10, 11, 12, 19, 20, 21, 33, 39}) {
            for (int limit : new int[] {1, 3, 100}) {
                long first = Math.max(11, after + 1);
                List<Long> expected = range(first, Math.min(40, first + limit - 1));
                List<Item> items = store.readItems(KEY, ItemWindow.after(after, limit));
                assertEquals(expected, seqs(items), "after " + after + " limit " + limit);
                for (Item item : items) {
                    assertArrayEquals(item(item.seq()).payload(), item.payload());
                    assertEquals(item(item.seq()).at(), item.at());
                    assertEquals(item(item.seq()).kind(), item.kind());
                }
            }
        }
        assertEquals(List.of(), store.readItems(KEY, ItemWindow.after(40, 5)));
    }

    private void appendAndCheckRebuilt() throws IOException {
        long version = store.read(KEY).orElseThrow().version();
        store.write(new Write(KEY, bytes("v"), Expect.version(version), TTL, RecordAttributes.NONE, List.of(item(41))));
        assertEquals(41 * 16, Files.size(offsets()));
        ByteBuffer index = ByteBuffer.wrap(Files.readAllBytes(offsets()));
        for (long seq = 1; seq <= 41; seq++) {
            assertEquals(seq, index.getLong(), "index entry " + (seq - 1));
            index.getLong();
        }
        assertEquals(range(35, 41), seqs(store.readItems(KEY, ItemWindow.last(7))));
        assertEquals(range(21, 23), seqs(store.readItems(KEY, ItemWindow.after(20, 3))));
    }

    private void corrupt(UnaryOperator<byte[]> damage) throws IOException {
        Path offsets = offsets();
        Files.write(offsets, damage.apply(Files.readAllBytes(offsets)));
    }

    private Path offsets() throws IOException {
        Envelope envelope = store.load(KEY);
        return store.layout()
                .logRoot(RecordKind.SESSION, "log")
                .resolve(envelope.log().generation() + ItemLog.OFFSETS);
    }

    private Path data() throws IOException {
        Envelope envelope = store.load(KEY);
        return store.layout()
                .logRoot(RecordKind.SESSION, "log")
                .resolve(envelope.log().generation() + ItemLog.DATA);
    }

    private static List<Long> range(long from, long to) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    private static List<Long> seqs(List<Item> items) {
        return items.stream().map(Item::seq).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framesAreJsonLinesWithTheFieldsOfItemFiles() throws IOException {
        List<String> lines = Files.readAllLines(data());
        assertEquals(40, lines.size());
        assertEquals(
                "{\"seq\":3,\"kind\":\"assistant\",\"at\":\"2023-11-14T22:13:23.000003Z\",\"payload\":\""
                        + Base64.getEncoder().encodeToString(item(3).payload()) + "\"}",
                lines.get(2));
        assertTrue(lines.stream()
                .allMatch(
                        line -> dev.stepwise.json.Json.parseObject(bytes(line)).size() == 4));
    }
}
