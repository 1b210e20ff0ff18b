package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record's log read back like a list of what was written, whatever shape the store holds it in
 * (one item, an array of a few, a skip list past {@link ItemLog.Few#MAX}), across appends of any
 * size and trims from any point, including trims back from a skip list or an array to one item or
 * none.
 */
class ItemLogShapesTest {

    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void logsReadLikeTheListOfWhatWasWrittenAndNotTrimmed(long seed) {
        Random random = new Random(seed);
        MemoryStore store = MemoryStore.builder().build();
        StoreKey key = StoreKey.session("log");
        List<Item> model = new ArrayList<>();
        long seq = 0;
        Long version = null;
        for (int step = 0; step < 60; step++) {
            if (random.nextInt(4) == 0 && seq > 0) {
                long below = 1 + random.nextInt((int) seq + 1);
                store.trimItems(key, below);
                model.removeIf(item -> item.seq() < below);
            } else {
                List<Item> batch = new ArrayList<>();
                for (int n = random.nextInt(random.nextBoolean() ? 3 : 12); n > 0; n--) {
                    seq++;
                    byte[] payload = ("{\"turn\":" + seq + ",\"pad\":\"" + "x".repeat(random.nextInt(60)) + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    batch.add(new Item(seq, random.nextBoolean() ? "tool" : "user", AT.plusSeconds(seq), payload));
                }
                Expect expect = version == null ? Expect.absent() : Expect.version(version);
                WriteResult result = store.write(new Write(
                        key, new byte[] {'{', '}'}, expect, Duration.ofHours(1), RecordAttributes.NONE, batch));
                version = ((WriteResult.Written) result).version();
                model.addAll(batch);
            }
            check(store, key, model, "seed " + seed + ", step " + step);
        }
    }

    private static void check(MemoryStore store, StoreKey key, List<Item> model, String where) {
        for (int limit = 1; limit <= model.size() + 1; limit++) {
            List<Item> last = model.subList(Math.max(0, model.size() - limit), model.size());
            assertEquals(text(last), text(store.readItems(key, ItemWindow.last(limit))), where + ", last " + limit);
        }
        long lastSeq = model.isEmpty() ? 0 : model.get(model.size() - 1).seq();
        for (long after = 0; after <= lastSeq + 1; after++) {
            long from = after;
            List<Item> expected =
                    model.stream().filter(i -> i.seq() > from).limit(5).toList();
            assertEquals(
                    text(expected), text(store.readItems(key, ItemWindow.after(after, 5))), where + ", after " + after);
        }
    }

    /** Items as comparable text: seq, kind, time and payload. */
    private static List<String> text(List<Item> items) {
        return items.stream()
                .map(i ->
                        i.seq() + " " + i.kind() + " " + i.at() + " " + new String(i.payload(), StandardCharsets.UTF_8))
                .toList();
    }
}
