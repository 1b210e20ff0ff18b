package dev.stepwise.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.tck.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {

    private static final Duration TTL = Duration.ofHours(1);

    @TempDir
    Path parent;

    private Path directory;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FileStore store;

    @BeforeEach
    void open() {
        directory = parent.resolve("store");
        store = open(directory);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private FileStore open(Path dir) {
        return FileStore.builder(dir).clock(clock).sweepInterval(Duration.ZERO).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long create(StoreKey key, String value) {
        return ((WriteResult.Written) store.write(Write.of(key, bytes(value), Expect.absent(), TTL))).version();
    }

    private static Item item(long seq) {
        return new Item(seq, "user", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq), bytes("item " + seq));
    }

    private static List<Long> seqs(List<Item> items) {
        return items.stream().map(Item::seq).toList();
    }

    @Test
    void writesAndReadsBackValueVersionTimesAndAttributes() {
        StoreKey key = StoreKey.session("s1");
        RecordAttributes attributes = new RecordAttributes("flow", "active", "u1");
        WriteResult result =
                store.write(new Write(key, bytes("{\"a\":1}"), Expect.absent(), TTL, attributes, List.of()));
        WriteResult.Written written = assertInstanceOf(WriteResult.Written.class, result);
        Stored stored = store.read(key).orElseThrow();
        assertArrayEquals(bytes("{\"a\":1}"), stored.value());
        assertEquals(written.version(), stored.version());
        assertEquals(attributes, stored.attributes());
        assertEquals(clock.instant(), stored.updatedAt());
        assertEquals(clock.instant().plus(TTL), stored.expiresAt());
        assertEquals(written.expiresAt(), stored.expiresAt());
    }

    @Test
    void compareAndSetFollowsVersions() {
        StoreKey key = StoreKey.user("u");
        long v1 = create(key, "one");
        assertInstanceOf(WriteResult.Conflict.class, store.write(Write.of(key, bytes("x"), Expect.absent(), TTL)));
        WriteResult.Conflict stale = assertInstanceOf(
                WriteResult.Conflict.class, store.write(Write.of(key, bytes("x"), Expect.version(v1 + 7), TTL)));
        assertArrayEquals(bytes("one"), stale.current().orElseThrow().value());
        WriteResult.Written second = assertInstanceOf(
                WriteResult.Written.class, store.write(Write.of(key, bytes("two"), Expect.version(v1), TTL)));
        assertEquals(v1 + 1, second.version());
        assertInstanceOf(WriteResult.Conflict.class, store.write(Write.of(key, bytes("x"), Expect.version(v1), TTL)));
        assertArrayEquals(bytes("two"), store.read(key).orElseThrow().value());
    }

    @Test
    void valuesAreCopiedNotShared() {
        StoreKey key = StoreKey.session("copy");
        byte[] value = bytes("abc");
        store.write(Write.of(key, value, Expect.any(), TTL));
        value[0] = 'z';
        byte[] read = store.read(key).orElseThrow().value();
        assertArrayEquals(bytes("abc"), read);
        read[0] = 'y';
        assertArrayEquals(bytes("abc"), store.read(key).orElseThrow().value());
    }

    @Test
    void expiredRecordsAreInvisibleAndCountAsAbsent() {
        StoreKey key = StoreKey.session("exp");
        long v1 = store.write(new Write(
                                key,
                                bytes("old"),
                                Expect.absent(),
                                Duration.ofSeconds(10),
                                RecordAttributes.NONE,
                                List.of(item(1))))
                        instanceof WriteResult.Written w
                ? w.version()
                : -1;
        clock.advance(Duration.ofSeconds(10));
        assertTrue(store.read(key).isEmpty());
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty());
        assertTrue(
                store.list(ListQuery.of(RecordKind.SESSION, "", 10)).records().isEmpty());
        assertInstanceOf(WriteResult.Conflict.class, store.write(Write.of(key, bytes("x"), Expect.version(v1), TTL)));
        assertInstanceOf(WriteResult.Written.class, store.write(Write.of(key, bytes("new"), Expect.absent(), TTL)));
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty(), "a re-created record starts a new log");
    }

    @Test
    void deleteRemovesRecordAndLogAndChecksItsCondition() {
        StoreKey key = StoreKey.session("del");
        store.write(new Write(key, bytes("v"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1), item(2))));
        long version = store.read(key).orElseThrow().version();
        assertThrows(IllegalArgumentException.class, () -> store.delete(key, Expect.absent()));
        assertInstanceOf(DeleteResult.Conflict.class, store.delete(key, Expect.version(version + 1)));
        assertEquals(new DeleteResult.Deleted(true), store.delete(key, Expect.version(version)));
        assertTrue(store.read(key).isEmpty());
        assertEquals(new DeleteResult.Deleted(false), store.delete(key, Expect.any()));
        assertFalse(Files.exists(directory.resolve("session/del.items")));
        create(key, "again");
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty());
    }

    @Test
    void itemsAreAppendedWithTheWriteAndReadInWindows() {
        StoreKey key = StoreKey.session("items");
        long version = create(key, "v");
        for (long seq = 1; seq <= 30; seq += 3) { // gaps between seqs
            store.write(new Write(
                    key,
                    bytes("v"),
                    Expect.version(version),
                    TTL,
                    RecordAttributes.NONE,
                    List.of(item(seq), item(seq + 1))));
            version++;
        }
        List<Item> all = store.readItems(key, ItemWindow.after(0, 100));
        assertEquals(
                List.of(1L, 2L, 4L, 5L, 7L, 8L, 10L, 11L, 13L, 14L, 16L, 17L, 19L, 20L, 22L, 23L, 25L, 26L, 28L, 29L),
                seqs(all));
        assertArrayEquals(bytes("item 4"), all.get(2).payload());
        assertEquals("user", all.get(2).kind());
        assertEquals(item(4).at(), all.get(2).at());
        assertEquals(List.of(4L, 5L, 7L), seqs(store.readItems(key, ItemWindow.after(2, 3))));
        assertEquals(List.of(4L, 5L, 7L), seqs(store.readItems(key, ItemWindow.after(3, 3))));
        assertEquals(List.of(26L, 28L, 29L), seqs(store.readItems(key, ItemWindow.last(3))));
        assertEquals(List.of(), seqs(store.readItems(key, ItemWindow.after(29, 3))));
        assertTrue(
                store.readItems(StoreKey.session("missing"), ItemWindow.last(5)).isEmpty());
    }

    @Test
    void itemKindsNeedingEscapesRoundTripAndEachFrameStaysOneJsonLine() throws IOException {
        StoreKey key = StoreKey.session("escapes");
        List<String> kinds = List.of(
                "quote\"d",
                "back\\slash",
                "new\nline",
                "cr\rtab\t",
                "ctl\u0001\u001f",
                "sl/ash",
                "\u00e9t\u00e9",
                "emoji-\uD83D\uDE00",
                "sep\u2028\u2029",
                "del\u007f");
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            items.add(new Item(i + 1, kinds.get(i), item(i + 1).at(), bytes("payload " + i + " \u00ff/+")));
        }
        store.write(new Write(key, bytes("v"), Expect.absent(), TTL, RecordAttributes.NONE, items));

        List<Item> read = store.readItems(key, ItemWindow.after(0, 100));
        assertEquals(kinds, read.stream().map(Item::kind).toList());
        for (int i = 0; i < kinds.size(); i++) {
            assertArrayEquals(items.get(i).payload(), read.get(i).payload(), kinds.get(i));
            assertEquals(items.get(i).at(), read.get(i).at(), kinds.get(i));
        }
        Path data;
        try (Stream<Path> files = Files.walk(directory)) {
            data = files.filter(f -> f.toString().endsWith(ItemLog.DATA))
                    .findFirst()
                    .orElseThrow();
        }
        List<String> lines = Files.readAllLines(data, StandardCharsets.UTF_8);
        assertEquals(kinds.size(), lines.size(), "one line per item");
        for (int i = 0; i < kinds.size(); i++) {
            assertTrue(lines.get(i).startsWith("{\"seq\":" + (i + 1) + ","), lines.get(i));
            assertEquals(kinds.get(i), Json.parse(lines.get(i)).get("kind").stringValue());
        }
    }

    @Test
    void aConflictingWriteAppendsNoItems() {
        StoreKey key = StoreKey.session("noitems");
        long version = create(key, "v");
        store.write(
                new Write(key, bytes("v2"), Expect.version(version + 5), TTL, RecordAttributes.NONE, List.of(item(1))));
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty());
    }

    @Test
    void itemSeqsMustStayAboveTheStoredOnes() {
        StoreKey key = StoreKey.session("seq");
        store.write(new Write(key, bytes("v"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(5))));
        long version = store.read(key).orElseThrow().version();
        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(
                        key, bytes("v"), Expect.version(version), TTL, RecordAttributes.NONE, List.of(item(5)))));
        assertEquals(version, store.read(key).orElseThrow().version());
    }

    @Test
    void trimRemovesOldItemsAndKeepsTheVersion() throws IOException {
        StoreKey key = StoreKey.session("trim");
        List<Item> items =
                LongStream.rangeClosed(1, 10).mapToObj(FileStoreTest::item).toList();
        store.write(new Write(key, bytes("v"), Expect.absent(), TTL, RecordAttributes.NONE, items));
        long version = store.read(key).orElseThrow().version();
        store.trimItems(key, 6);
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), seqs(store.readItems(key, ItemWindow.after(0, 100))));
        assertEquals(List.of(9L, 10L), seqs(store.readItems(key, ItemWindow.last(2))));
        assertEquals(version, store.read(key).orElseThrow().version());
        List<String> generations = generations(directory.resolve("session/trim.items"));
        assertEquals(1, generations.size());
        // 7 of 10 trimmed, more than half of the generation: the live items move to a new one
        store.trimItems(key, 8);
        assertEquals(List.of(8L, 9L, 10L), seqs(store.readItems(key, ItemWindow.after(0, 100))));
        assertEquals(List.of(10L), seqs(store.readItems(key, ItemWindow.last(1))));
        assertEquals(List.of(9L, 10L), seqs(store.readItems(key, ItemWindow.after(8, 100))));
        List<String> compacted = generations(directory.resolve("session/trim.items"));
        assertEquals(1, compacted.size());
        assertNotEquals(generations, compacted);
        assertEquals(
                3,
                Files.readAllLines(directory.resolve("session/trim.items").resolve(compacted.get(0) + ItemLog.DATA))
                        .size());
        store.write(
                new Write(key, bytes("v2"), Expect.version(version), TTL, RecordAttributes.NONE, List.of(item(11))));
        assertEquals(List.of(8L, 9L, 10L, 11L), seqs(store.readItems(key, ItemWindow.after(0, 100))));
        store.trimItems(key, 100);
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty());
        store.trimItems(StoreKey.session("missing"), 3); // no-op
    }

    @Test
    void uncommittedItemsOfACrashedWriterStayInvisibleAndAreOverwritten() throws IOException {
        StoreKey key = StoreKey.session("crash");
        store.write(new Write(key, bytes("v"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1))));
        Stored stored = store.read(key).orElseThrow();
        Path logDirectory = directory.resolve("session/crash.items");
        // a writer that died after appending item 2 but before committing its envelope
        Envelope envelope = store.load(key);
        store.log(RecordKind.SESSION, "crash", envelope.log().generation())
                .append(envelope.log(), List.of(new Item(2, "user", Instant.EPOCH, bytes("never committed"))));
        Files.writeString(logDirectory.resolve(".crash.json.0123.tmp"), "{\"half");
        assertEquals(List.of(1L), seqs(store.readItems(key, ItemWindow.after(0, 10))));
        store.write(new Write(
                key,
                bytes("v2"),
                Expect.version(stored.version()),
                TTL,
                RecordAttributes.NONE,
                List.of(new Item(2, "user", Instant.EPOCH, bytes("committed")))));
        List<Item> items = store.readItems(key, ItemWindow.after(0, 10));
        assertEquals(List.of(1L, 2L), seqs(items));
        assertArrayEquals(bytes("committed"), items.get(1).payload());
    }

    @Test
    void hostileIdsNeverCreateAnythingOutsideTheDirectory() throws IOException {
        // the store lives three levels below the walked directory, so naive traversals land in it
        store.close();
        directory = parent.resolve("a/b/store");
        store = open(directory);
        Set<Path> before = tree(parent);
        List<String> ids = List.of(
                "../../x",
                "../../../x",
                "../../../../x",
                parent.resolve("abs").toString(),
                "/etc/passwd",
                "..\\..\\x",
                "..\\..\\..\\x",
                "C:\\x",
                "..",
                ".",
                "../store2/y",
                "CON",
                "con",
                "nul",
                "AUX.txt",
                "~",
                ".locks",
                "session",
                "x.json",
                "x.items",
                "\u00e9",
                "😀");
        for (String id : ids) {
            StoreKey key = StoreKey.session(id);
            store.write(new Write(key, bytes(id), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1))));
            assertArrayEquals(bytes(id), store.read(key).orElseThrow().value(), id);
            assertEquals(1, store.readItems(key, ItemWindow.last(5)).size(), id);
        }
        Set<Path> after = tree(parent);
        assertFalse(Files.exists(Path.of("/etc/passwd.json")));
        for (Path path : after) {
            if (!before.contains(path)) {
                assertTrue(path.startsWith(directory), () -> "created outside the store: " + path);
            }
        }
        assertEquals(
                before.stream().filter(p -> !p.startsWith(directory)).collect(Collectors.toSet()),
                after.stream().filter(p -> !p.startsWith(directory)).collect(Collectors.toSet()));
        List<String> listed = listAll(RecordKind.SESSION);
        assertEquals(new TreeSet<>(ids).stream().toList(), listed);
        for (String id : ids) {
            assertEquals(new DeleteResult.Deleted(true), store.delete(StoreKey.session(id), Expect.any()));
        }
        try (Stream<Path> files = Files.list(directory.resolve("session"))) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void idsDifferingOnlyInCaseAreDistinctRecords() {
        create(StoreKey.session("Case"), "upper");
        create(StoreKey.session("case"), "lower");
        create(StoreKey.session("CASE"), "all");
        assertArrayEquals(
                bytes("upper"),
                store.read(StoreKey.session("Case")).orElseThrow().value());
        assertArrayEquals(
                bytes("lower"),
                store.read(StoreKey.session("case")).orElseThrow().value());
        assertArrayEquals(
                bytes("all"), store.read(StoreKey.session("CASE")).orElseThrow().value());
        assertEquals(List.of("CASE", "Case", "case"), listAll(RecordKind.SESSION));
    }

    @Test
    void longIdsWorkAndAreListedWithTheirFullId() {
        String ascii = "a".repeat(StoreKey.MAX_ID_LENGTH);
        String wide = "\u4e2d".repeat(StoreKey.MAX_ID_LENGTH - 1) + "b";
        String wide2 = "\u4e2d".repeat(StoreKey.MAX_ID_LENGTH - 1) + "c";
        for (String id : List.of(ascii, wide, wide2)) {
            StoreKey key = StoreKey.resource(id);
            store.write(new Write(
                    key,
                    bytes(id.substring(id.length() - 1)),
                    Expect.absent(),
                    TTL,
                    RecordAttributes.NONE,
                    List.of(item(1))));
        }
        assertArrayEquals(
                bytes("b"), store.read(StoreKey.resource(wide)).orElseThrow().value());
        assertArrayEquals(
                bytes("c"), store.read(StoreKey.resource(wide2)).orElseThrow().value());
        assertEquals(
                1, store.readItems(StoreKey.resource(wide), ItemWindow.last(1)).size());
        assertEquals(List.of(ascii, wide, wide2), listAll(RecordKind.RESOURCE));
        assertEquals(
                List.of(wide, wide2),
                store.list(ListQuery.of(RecordKind.RESOURCE, "\u4e2d\u4e2d", 10)).records().stream()
                        .map(s -> s.key().id())
                        .toList());
    }

    @Test
    void aFileHoldingAnotherIdIsNeverReturned() throws IOException {
        String wide = "\u4e2d".repeat(300) + "b";
        create(StoreKey.session(wide), "b");
        create(StoreKey.session("plain"), "p");
        // simulate a hash collision / a moved file: plain's envelope under wide's name
        Files.copy(
                directory.resolve("session/plain.json"),
                directory.resolve("session/" + FileNames.encode(wide) + ".json"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThrows(CorruptRecordException.class, () -> store.read(StoreKey.session(wide)));
        assertArrayEquals(
                bytes("p"), store.read(StoreKey.session("plain")).orElseThrow().value());
    }

    @Test
    void aCorruptFileIsThatRecordsErrorOnly() throws IOException {
        for (String id : List.of("a", "b", "c", "d")) {
            create(StoreKey.session(id), id);
        }
        Path b = directory.resolve("session/b.json");
        byte[] full = Files.readAllBytes(b);
        Files.write(b, Arrays.copyOf(full, full.length / 2));
        Files.writeString(directory.resolve("session/c.json"), "{\"format\":99}");
        CorruptRecordException truncated =
                assertThrows(CorruptRecordException.class, () -> store.read(StoreKey.session("b")));
        assertTrue(truncated.location().endsWith("b.json"), truncated.location());
        CorruptRecordException format =
                assertThrows(CorruptRecordException.class, () -> store.read(StoreKey.session("c")));
        assertTrue(format.getMessage().contains("format 99"), format.getMessage());
        assertArrayEquals(
                bytes("a"), store.read(StoreKey.session("a")).orElseThrow().value());
        assertArrayEquals(
                bytes("d"), store.read(StoreKey.session("d")).orElseThrow().value());

        Page first = store.list(ListQuery.of(RecordKind.SESSION, "", 1));
        Page second = store.list(ListQuery.of(RecordKind.SESSION, "", 1).after(first));
        assertEquals(
                List.of("a"), first.records().stream().map(s -> s.key().id()).toList());
        assertEquals(
                List.of("d"), second.records().stream().map(s -> s.key().id()).toList());
        assertEquals(2, second.unreadable().size(), second.unreadable().toString());
        assertFalse(second.hasMore());

        assertThrows(
                CorruptRecordException.class,
                () -> store.write(Write.of(StoreKey.session("b"), bytes("x"), Expect.version(1), TTL)));
        assertInstanceOf(
                WriteResult.Written.class,
                store.write(Write.of(StoreKey.session("b"), bytes("repaired"), Expect.any(), TTL)));
        assertArrayEquals(
                bytes("repaired"),
                store.read(StoreKey.session("b")).orElseThrow().value());
        assertEquals(new DeleteResult.Deleted(true), store.delete(StoreKey.session("c"), Expect.any()));
    }

    @Test
    void listingPagesByIdWithFiltersAndNoShortPages() {
        for (int i = 0; i < 25; i++) {
            String status = i % 3 == 0 ? "done" : "active";
            store.write(new Write(
                    StoreKey.session(String.format("s%02d", i)),
                    bytes("v"),
                    Expect.absent(),
                    TTL,
                    new RecordAttributes("f", status, "u" + (i % 2)),
                    List.of()));
        }
        create(StoreKey.session("other"), "v");
        create(StoreKey.user("s99"), "v");
        ListQuery query =
                ListQuery.of(RecordKind.SESSION, "s", 4).withStatus("active").withUserId("u1");
        List<String> ids = new ArrayList<>();
        Page page = store.list(query);
        while (true) {
            ids.addAll(page.records().stream().map(s -> s.key().id()).toList());
            if (!page.hasMore()) {
                break;
            }
            assertEquals(4, page.records().size());
            page = store.list(query.after(page));
        }
        assertEquals(List.of("s01", "s05", "s07", "s11", "s13", "s17", "s19", "s23"), ids);
        assertEquals(8, ids.size());
    }

    @Test
    void orphanTempFilesAreRemovedOnOpenButFreshOnesAreKept() throws IOException {
        create(StoreKey.session("x"), "v");
        Path old = directory.resolve("session/.x.json.00aa.tmp");
        Path fresh = directory.resolve("session/.x.json.00bb.tmp");
        Files.writeString(old, "half");
        Files.writeString(fresh, "being written");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        FileStore reopened = open(directory);
        try {
            assertFalse(Files.exists(old));
            assertTrue(Files.exists(fresh));
            assertArrayEquals(
                    bytes("v"),
                    reopened.read(StoreKey.session("x")).orElseThrow().value());
            assertEquals(List.of("x"), listAll(RecordKind.SESSION));
        } finally {
            reopened.close();
        }
    }

    @Test
    void sweepRemovesExpiredRecordsAndOrphanLogsOnly() throws IOException {
        store.write(new Write(
                StoreKey.session("short"),
                bytes("v"),
                Expect.absent(),
                Duration.ofSeconds(5),
                RecordAttributes.NONE,
                List.of(item(1))));
        store.write(new Write(
                StoreKey.session("long"), bytes("v"), Expect.absent(), TTL, RecordAttributes.NONE, List.of(item(1))));
        Files.createDirectories(directory.resolve("session/gone.items/0123456789abcdef"));
        Path oldTemp = directory.resolve("session/.long.json.00aa.tmp");
        Path freshTemp = directory.resolve("session/.long.json.00bb.tmp");
        Files.writeString(oldTemp, "half");
        Files.writeString(freshTemp, "being written");
        Files.setLastModifiedTime(oldTemp, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        clock.advance(Duration.ofSeconds(5));
        store.sweep();
        assertFalse(Files.exists(oldTemp));
        assertTrue(Files.exists(freshTemp));
        assertFalse(Files.exists(directory.resolve("session/short.json")));
        assertFalse(Files.exists(directory.resolve("session/short.items")));
        assertFalse(Files.exists(directory.resolve("session/gone.items")));
        assertTrue(Files.exists(directory.resolve("session/long.json")));
        assertEquals(
                1, store.readItems(StoreKey.session("long"), ItemWindow.last(5)).size());
    }

    @Test
    void theBackgroundSweeperRuns() throws IOException {
        try (FileStore swept = FileStore.builder(directory)
                .clock(clock)
                .sweepInterval(Duration.ofMillis(20))
                .build()) {
            swept.write(Write.of(StoreKey.session("brief"), bytes("v"), Expect.absent(), Duration.ofSeconds(1)));
            Path file = directory.resolve("session/brief.json");
            assertTrue(Files.exists(file));
            clock.advance(Duration.ofSeconds(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (Files.exists(file)) {
                assertTrue(System.nanoTime() < deadline, "the sweeper did not remove the expired record");
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
    }

    @Test
    void prettyAndExtensionShapeTheFiles() throws IOException {
        try (FileStore pretty = FileStore.builder(parent.resolve("pretty"))
                .pretty(true)
                .extension(".rec")
                .sweepInterval(Duration.ZERO)
                .build()) {
            pretty.write(Write.of(StoreKey.project("p"), bytes("v"), Expect.absent(), TTL));
            String text = Files.readString(parent.resolve("pretty/project/p.rec"));
            assertTrue(text.contains("\n"), text);
            assertEquals(
                    List.of("p"),
                    pretty.list(ListQuery.of(RecordKind.PROJECT, "", 5)).records().stream()
                            .map(s -> s.key().id())
                            .toList());
        }
        assertThrows(
                IllegalArgumentException.class, () -> FileStore.builder(parent).extension(".items"));
        assertThrows(
                IllegalArgumentException.class, () -> FileStore.builder(parent).extension("json"));
        assertThrows(
                IllegalArgumentException.class, () -> FileStore.builder(parent).extension("./x"));
    }

    private List<String> listAll(RecordKind kind) {
        List<String> ids = new ArrayList<>();
        ListQuery query = ListQuery.of(kind, "", 2);
        Page page = store.list(query);
        ids.addAll(page.records().stream().map(s -> s.key().id()).toList());
        while (page.hasMore()) {
            page = store.list(query.after(page));
            ids.addAll(page.records().stream().map(s -> s.key().id()).toList());
        }
        return ids;
    }

    /** The log generations in a record's log directory. */
    private static List<String> generations(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> ItemLog.generationOf(p.getFileName().toString()))
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Path> tree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(Path::toAbsolutePath).collect(Collectors.toSet());
        }
    }
}
