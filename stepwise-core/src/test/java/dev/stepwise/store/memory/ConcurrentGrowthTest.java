package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.stepwise.store.Expect;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Writers creating and updating records while the store's table grows under them (it starts at
 * 1,024 slots and grows at half full), and readers reading and listing meanwhile, through the
 * store's public API alone.
 */
class ConcurrentGrowthTest {

    private static final int WRITERS = 4;
    private static final int PER_WRITER = 3_000;

    @Test
    void everyRecordCreatedWhileTheTableGrowsIsReadAndListedOnceWithItsLastValue() throws Exception {
        MemoryStore store = MemoryStore.builder().build();
        AtomicInteger created = new AtomicInteger();
        Race race = new Race();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            race.writer(() -> {
                for (int i = 0; i < PER_WRITER; i++) {
                    // ids of the writers interleave in listing order
                    String id = String.format("s-%05d-%d", i, writer);
                    WriteResult first = store.write(
                            Write.of(StoreKey.session(id), value(id, 0), Expect.absent(), Duration.ofHours(1)));
                    long version = ((WriteResult.Written) first).version();
                    WriteResult second = store.write(
                            Write.of(StoreKey.session(id), value(id, 1), Expect.version(version), Duration.ofHours(1)));
                    assertInstanceOf(WriteResult.Written.class, second, id);
                    created.incrementAndGet();
                }
            });
        }
        race.reader(() -> {
            // every record created so far reads back, with one of the values its writer wrote
            while (!race.writersDone()) {
                for (int i = 0; i < created.get() / WRITERS; i++) {
                    String id = String.format("s-%05d-%d", i, i % WRITERS);
                    Optional<Stored> read = store.read(StoreKey.session(id));
                    if (read.isPresent()) {
                        String value = new String(read.get().value(), StandardCharsets.UTF_8);
                        if (!value.startsWith(id + "@")) {
                            throw new AssertionError(id + " read " + value);
                        }
                    }
                }
            }
        });
        race.reader(() -> {
            // a listing in pages is in order and never gives an id twice, while ids are added
            while (!race.writersDone()) {
                String last = null;
                for (String id : listAll(store)) {
                    if (last != null && last.compareTo(id) >= 0) {
                        throw new AssertionError("listed " + last + " before " + id);
                    }
                    last = id;
                }
            }
        });
        race.run();

        assertEquals(WRITERS * PER_WRITER, store.size());
        List<String> listed = listAll(store);
        assertEquals(WRITERS * PER_WRITER, listed.size());
        for (int w = 0; w < WRITERS; w++) {
            for (int i = 0; i < PER_WRITER; i++) {
                String id = String.format("s-%05d-%d", i, w);
                assertArrayEquals(
                        value(id, 1),
                        store.read(StoreKey.session(id)).orElseThrow().value(),
                        id);
            }
        }
    }

    private static List<String> listAll(MemoryStore store) {
        List<String> ids = new ArrayList<>();
        ListQuery query = ListQuery.of(RecordKind.SESSION, "", 500);
        while (true) {
            Page page = store.list(query);
            page.records().forEach(record -> ids.add(record.key().id()));
            if (!page.hasMore()) {
                return ids;
            }
            query = query.after(page);
        }
    }

    private static byte[] value(String id, int turn) {
        return (id + "@" + turn + " {\"padding\":\"" + "x".repeat(40) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
