package dev.stepwise.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process at arbitrary points and checks that the store never shows half a write:
 * the record's value (the item count its writer committed) always matches its item log.
 */
class FileStoreCrashTest {

    private static final int ROUNDS = 6;

    @TempDir
    Path directory;

    @Test
    void aKilledWriterNeverLeavesHalfAWrite() throws Exception {
        killWriters(false);
    }

    @Test
    void aKilledWriterAndTrimmerNeverLosesAnAcknowledgedItem() throws Exception {
        killWriters(true);
    }

    private void killWriters(boolean trim) throws Exception {
        StoreKey key = StoreKey.session("crash");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 1; round <= ROUNDS; round++) {
            Process child = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            AppendingProcess.class.getName(),
                            directory.toString(),
                            key.id(),
                            trim ? "trim" : "append")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                int target = 5 + round * 3;
                String line;
                do {
                    line = out.readLine();
                    assertNotNull(line, "the writer stopped before being killed");
                } while (!line.equals("wrote " + target));
                // fault injection, not synchronisation: let the next write run for a random few
                // milliseconds so the kill lands at a different step of it each round
                long killAt =
                        System.nanoTime() + ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(25));
                while (System.nanoTime() < killAt) {
                    Thread.onSpinWait();
                }
                child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                assertTrue(child.waitFor(1, TimeUnit.MINUTES));
            } finally {
                child.destroyForcibly();
            }
            try (FileStore store =
                    FileStore.builder(directory).sweepInterval(Duration.ZERO).build()) {
                Stored stored = store.read(key).orElseThrow();
                long count = Long.parseLong(new String(stored.value(), StandardCharsets.UTF_8));
                assertTrue(count >= 3L * (5 + round * 3), "count " + count);
                List<Item> items = store.readItems(key, ItemWindow.after(0, ItemWindow.MAX_LIMIT));
                // a trim keeps at least the last 7 items: the log starts at most that far back
                long first = trim ? items.get(0).seq() : 1;
                assertTrue(first >= 1 && first <= count - 6, "first " + first + " of " + count);
                assertEquals(
                        LongStream.rangeClosed(first, count).boxed().toList(),
                        items.stream().map(Item::seq).toList(),
                        "round " + round + ": the log holds exactly the committed items");
                for (Item item : items) {
                    assertArrayEquals(AppendingProcess.item(item.seq()).payload(), item.payload());
                }
                assertWindows(store, key, first, count);
                // the offset index is a cache: without it the same windows come out
                Envelope envelope = store.load(key);
                Files.deleteIfExists(store.layout()
                        .logRoot(RecordKind.SESSION, key.id())
                        .resolve(envelope.log().generation() + ItemLog.OFFSETS));
                assertWindows(store, key, first, count);
                Page page = store.list(ListQuery.of(RecordKind.SESSION, "", 10));
                assertEquals(
                        List.of(key), page.records().stream().map(Stored::key).toList());
                assertEquals(List.of(), page.unreadable());
            }
        }
    }

    private static void assertWindows(FileStore store, StoreKey key, long first, long last) {
        for (int limit : new int[] {1, 3, 5}) {
            assertEquals(
                    LongStream.rangeClosed(Math.max(first, last - limit + 1), last)
                            .boxed()
                            .toList(),
                    store.readItems(key, ItemWindow.last(limit)).stream()
                            .map(Item::seq)
                            .toList(),
                    "last " + limit);
            long after = last - 4;
            assertEquals(
                    LongStream.rangeClosed(
                                    Math.max(first, after + 1), Math.min(last, Math.max(first, after + 1) + limit - 1))
                            .boxed()
                            .toList(),
                    store.readItems(key, ItemWindow.after(after, limit)).stream()
                            .map(Item::seq)
                            .toList(),
                    "after " + after + " limit " + limit);
        }
    }
}
