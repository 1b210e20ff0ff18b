package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.RecordAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordTableTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void agreesWithAMapThroughGrowthRemovalsAndCollidingHashes(long seed) {
        Random random = new Random(seed);
        RecordTable table = new RecordTable();
        Map<String, Entry> model = new HashMap<>();
        for (int round = 0; round < 60_000; round++) {
            // growing, then churning (removal markers pile up), then shrinking
            int phase = round / 20_000;
            String id = id(random, phase == 0 ? 6_000 : 3_000);
            Entry current = table.get(id);
            assertSame(model.get(id), current, id);
            int op = random.nextInt(10);
            if (op < (phase == 2 ? 3 : 6)) {
                if (current == null && table.needsRoom()) {
                    table.grow();
                }
                Entry entry = entry(current != null ? current.id() : id, round);
                table.put(entry);
                model.put(id, entry);
            } else if (op < 9 && current != null) {
                assertFalse(
                        table.remove(entry(id, -1)), "only the entry held is removed, not an equal id's other entry");
                assertTrue(table.remove(current));
                model.remove(id);
            }
        }
        Map<String, Entry> held = new HashMap<>();
        table.forEach(entry ->
                assertNull(held.put(HeldId.string(entry.id()), entry), "held twice: " + HeldId.string(entry.id())));
        assertEquals(model, held);
        table.grow();
        assertTrue(table.capacity() <= Math.max(1024, 4 * Integer.highestOneBit(model.size() * 4)), "grown to fit");
        model.forEach((id, entry) -> assertSame(entry, table.get(id)));
    }

    @Test
    void growingKeepsEveryEntryAndDropsRemovalMarkers() {
        RecordTable table = new RecordTable();
        List<Entry> kept = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            if (table.needsRoom()) {
                table.grow();
            }
            Entry entry = entry("id-" + i, i);
            table.put(entry);
            if (i % 2 == 0) {
                kept.add(entry);
            } else {
                assertTrue(table.remove(entry));
            }
        }
        assertTrue(table.capacity() >= 4_096, "grew: " + table.capacity());
        for (Entry entry : kept) {
            assertSame(entry, table.get(entry.id()));
        }
        for (int i = 1; i < 5_000; i += 2) {
            assertNull(table.get("id-" + i));
        }
    }

    @Test
    void anEntryPresentThroughoutIsAlwaysFoundWhileOthersAreAddedRemovedAndTheTableGrows() throws Exception {
        // each writer owns its ids, as the store's stripe locks make each id's writes one at a time;
        // growth excludes writers (the store holds every stripe), readers take no lock
        RecordTable table = new RecordTable();
        ReentrantReadWriteLock writers = new ReentrantReadWriteLock();
        // writers' entries first, so that the probes for the entries that stay pass slots the writers
        // later empty
        putEach(table, IntStream.range(0, 400).mapToObj(i -> "w" + i % 3 + "-" + i));
        List<Entry> stay = putEach(table, IntStream.range(0, 300).mapToObj(i -> "stay-" + i));
        Race race = new Race();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            race.writer(() -> {
                Random random = new Random(writer);
                for (int op = 0; op < 60_000 && !race.failed(); op++) {
                    String id = "w" + writer + "-" + random.nextInt(20_000);
                    if (table.needsRoom()) {
                        writers.writeLock().lock();
                        try {
                            if (table.needsRoom()) {
                                table.grow();
                            }
                        } finally {
                            writers.writeLock().unlock();
                        }
                    }
                    writers.readLock().lock();
                    try {
                        addOrRemove(table, id, writer, random.nextInt(3) == 0);
                    } finally {
                        writers.readLock().unlock();
                    }
                }
            });
        }
        for (int r = 0; r < 2; r++) {
            race.reader(() -> {
                // reads until the writers are done, then once more
                boolean last = false;
                while (!last) {
                    last = race.writersDone();
                    findsEach(table, stay);
                }
            });
        }
        race.run();
        assertTrue(table.capacity() > 1_024, "the table grew while read: " + table.capacity());
    }

    @Test
    void writersAddingIdsOfOneHashAtOnceNeverTakeEachOthersSlots() throws Exception {
        // every id has the same string hash, so all probes walk one chain and every add races for
        // the slot at its end; each writer owns its ids, and the ids that stay sit among them
        RecordTable table = new RecordTable();
        List<Entry> stay = putEach(table, IntStream.range(0, 64).mapToObj(i -> colliding(3, i)));
        Race race = new Race();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            race.writer(() -> {
                Random random = new Random(writer);
                for (int op = 0; op < 40_000 && !race.failed(); op++) {
                    addOrRemove(table, colliding(writer, random.nextInt(64)), writer, false);
                }
            });
        }
        race.reader(() -> {
            while (!race.writersDone()) {
                findsEach(table, stay);
            }
        });
        race.run();
    }

    /**
     * Adds {@code id} when absent, else replaces it (when {@code replace}) or removes it; then reads it
     * back. No one else writes this id: another writer's add must not take its slot.
     */
    private static void addOrRemove(RecordTable table, String id, int writer, boolean replace) {
        Entry current = table.get(id);
        Entry expected = null;
        if (current == null) {
            if (!table.full()) {
                expected = entry(id, 0);
                table.put(expected);
            }
        } else if (replace) {
            expected = entry(current.id(), 1); // replaced in place
            table.put(expected);
        } else {
            table.remove(current);
        }
        if (table.get(id) != expected) {
            throw new AssertionError("writer " + writer + " does not read back " + id);
        }
    }

    private static List<Entry> putEach(RecordTable table, Stream<String> ids) {
        List<Entry> entries = ids.map(id -> entry(id, 0)).toList();
        entries.forEach(table::put);
        return entries;
    }

    private static void findsEach(RecordTable table, List<Entry> entries) {
        for (Entry entry : entries) {
            if (table.get(entry.id()) != entry) {
                throw new AssertionError("lost " + HeldId.string(entry.id()));
            }
        }
    }

    /** Ids of 8 blocks of "Aa" or "BB": all have one string hash. */
    private static String colliding(int owner, int n) {
        int bits = owner << 6 | n;
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            id.append((bits >> i & 1) == 0 ? "Aa" : "BB");
        }
        return id.toString();
    }

    /**
     * Ids in groups of 16 that share a string hash: four blocks of "Aa" or "BB" (which hash alike),
     * then the group's number; one group in three ends in a character beyond Latin-1, so that the
     * table holds ids of both {@link HeldId} forms, some of them alike up to that character.
     */
    private static String id(Random random, int bound) {
        int n = random.nextInt(bound);
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            id.append((n >> i & 1) == 0 ? "Aa" : "BB");
        }
        id.append(n >> 4);
        return (n >> 4) % 3 == 0 ? id.append('\u0142').toString() : id.toString();
    }

    /** An entry of {@code id} (a {@code String}, held as the store holds it, or a held id). */
    private static Entry entry(Object id, long version) {
        Object held = id instanceof String s ? HeldId.of(s) : id;
        return Entry.of(held, new byte[0], null, version, RecordAttributes.NONE, 0, 1, 1, ItemLog.NONE);
    }
}
