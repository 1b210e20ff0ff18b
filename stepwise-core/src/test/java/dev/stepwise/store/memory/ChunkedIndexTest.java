package dev.stepwise.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedIndexTest {

    /** The order the index promises, spelled as plainly as possible (for pairs of string ids). */
    private static final Comparator<ChunkedIndex.Pair> ORDER =
            Comparator.comparingLong(ChunkedIndex.Pair::position).thenComparing(pair -> (String) pair.id());

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void agreesWithASortedSetThroughGrowthSplitsMergesAndEmptying(long seed) {
        Random random = new Random(seed);
        ChunkedIndex index = new ChunkedIndex(true);
        NavigableSet<ChunkedIndex.Pair> model = new TreeSet<>(ORDER);
        for (int round = 0; round < 4_000; round++) {
            // phases that grow past several chunks, then shrink back to nothing, so splits,
            // merges and the removal of whole chunks all happen
            boolean growing = (round / 1_000) % 2 == 0;
            int op = random.nextInt(10);
            ChunkedIndex.Pair pair = randomPair(random);
            if (op < (growing ? 7 : 2)) {
                // ids as the store holds them, a copy of their own each time
                assertEquals(model.add(pair), index.add(pair.position(), held(pair)), "add " + pair);
            } else if (op < 9 && !model.isEmpty()) {
                // remove one present (mostly) or absent pair
                ChunkedIndex.Pair victim = random.nextInt(5) == 0 ? pair : nth(model, random.nextInt(model.size()));
                assertEquals(model.remove(victim), index.remove(victim.position(), held(victim)), "remove " + victim);
            } else {
                boolean inclusive = random.nextBoolean();
                assertEquals(
                        new ArrayList<>(model.tailSet(pair, inclusive)),
                        walkFrom(index, pair, inclusive, Integer.MAX_VALUE),
                        "walk from " + pair + (inclusive ? " inclusive" : ""));
            }
            assertEquals(model.size(), index.size());
            assertEquals(model.isEmpty() ? null : model.first(), plain(index.first()));
        }
        assertEquals(new ArrayList<>(model), walkAll(index));
    }

    @Test
    void pairsAddedInOrderFillTheirChunks() {
        // an expiry index is added to at its end (now plus a TTL) on every new record: chunks split
        // in halves would each stay half empty behind the run, ~2 slots per pair
        ChunkedIndex expiries = new ChunkedIndex(true);
        ChunkedIndex ids = new ChunkedIndex(false);
        for (int i = 0; i < 10_000; i++) {
            expiries.add(1_000_000L + i, "session-" + i);
            ids.add(0, String.format("session-%06d", i));
        }
        assertEquals(10_000, expiries.size());
        assertTrue(expiries.slots() <= 10_000 * 1.2, "slots: " + expiries.slots());
        assertTrue(ids.slots() <= 10_000 * 1.2, "slots: " + ids.slots());
        List<ChunkedIndex.Pair> all = walkAll(expiries);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(new ChunkedIndex.Pair(1_000_000L + i, "session-" + i), all.get(i));
        }
    }

    @Test
    void pairsAddedInOrderThenRemovedInOrderAgreeWithASortedSet() {
        // splits at a run's end, then merges of the full chunks they leave behind
        ChunkedIndex index = new ChunkedIndex(true);
        NavigableSet<ChunkedIndex.Pair> model = new TreeSet<>(ORDER);
        Random random = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            ChunkedIndex.Pair pair = new ChunkedIndex.Pair(i / 3, "id" + (i % 3));
            assertEquals(model.add(pair), index.add(pair.position(), held(pair)), "add " + pair);
            if (random.nextInt(4) == 0) {
                // now and then a pair somewhere before the run's end, as a shortened expiry is
                ChunkedIndex.Pair earlier = new ChunkedIndex.Pair(random.nextInt(i / 3 + 1), "early" + i);
                assertEquals(model.add(earlier), index.add(earlier.position(), held(earlier)), "add " + earlier);
            }
        }
        assertEquals(new ArrayList<>(model), walkAll(index));
        while (!model.isEmpty()) {
            ChunkedIndex.Pair victim = random.nextBoolean() ? model.first() : nth(model, random.nextInt(model.size()));
            assertEquals(model.remove(victim), index.remove(victim.position(), held(victim)), "remove " + victim);
            assertEquals(model.isEmpty() ? null : model.first(), plain(index.first()));
        }
        assertEquals(0, index.size());
    }

    @Test
    void aWalkStopsWhenTheVisitorSaysSo() {
        ChunkedIndex index = new ChunkedIndex(true);
        for (int i = 0; i < 200; i++) {
            index.add(i, "id" + i);
        }
        List<ChunkedIndex.Pair> seen = walkFrom(index, new ChunkedIndex.Pair(60, ""), true, 70);
        assertEquals(70, seen.size());
        assertEquals(new ChunkedIndex.Pair(60, "id60"), seen.get(0));
        assertEquals(new ChunkedIndex.Pair(129, "id129"), seen.get(69));
    }

    @Test
    void anIndexOfIdsAloneOrdersByIdAndRefusesPositions() {
        ChunkedIndex ids = new ChunkedIndex(false);
        for (String id : List.of("b", "a", "c", "ab")) {
            assertTrue(ids.add(0, id));
        }
        assertFalse(ids.add(0, "a"));
        assertEquals(
                List.of("a", "ab", "b", "c"),
                walkAll(ids).stream().map(ChunkedIndex.Pair::id).toList());
        assertThrows(IllegalArgumentException.class, () -> ids.add(5, "d"));
    }

    @Test
    void aWalkDuringChangesSeesPairsInOrderOnceAndEveryPairThatStaysPresent() throws Exception {
        // pairs 0..999 stay; writers add and remove pairs between them, splitting and merging the
        // chunks the walkers are crossing
        ChunkedIndex index = new ChunkedIndex(true);
        for (int i = 0; i < 1_000; i++) {
            index.add(i * 10L, "stay");
        }
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentHashMap<String, Throwable> failures = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                Random random = new Random(writer);
                while (!stop.get()) {
                    // a burst of pairs between two stayers splits their chunk; taking it away
                    // again merges chunks
                    long base = random.nextInt(1_000) * 10L;
                    for (int i = 0; i < ChunkedIndex.MAX; i++) {
                        index.add(base + 1 + i % 9, "churn" + writer + "-" + i);
                    }
                    for (int i = 0; i < ChunkedIndex.MAX; i++) {
                        index.remove(base + 1 + i % 9, "churn" + writer + "-" + i);
                    }
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                try {
                    for (int walk = 0; walk < 300; walk++) {
                        List<ChunkedIndex.Pair> seen = walkAll(index);
                        for (int i = 1; i < seen.size(); i++) {
                            if (ORDER.compare(seen.get(i - 1), seen.get(i)) >= 0) {
                                throw new AssertionError(
                                        "out of order or twice: " + seen.get(i - 1) + ", " + seen.get(i));
                            }
                        }
                        long stayed =
                                seen.stream().filter(p -> p.id().equals("stay")).count();
                        if (stayed != 1_000) {
                            throw new AssertionError("saw " + stayed + " of the 1000 pairs that stayed");
                        }
                    }
                } catch (Throwable e) {
                    failures.put(Thread.currentThread().getName(), e);
                } finally {
                    stop.set(true);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(failures.isEmpty(), () -> failures.values().iterator().next().toString());
    }

    private static List<ChunkedIndex.Pair> walkAll(ChunkedIndex index) {
        List<ChunkedIndex.Pair> seen = new ArrayList<>();
        index.walk((position, id) -> seen.add(new ChunkedIndex.Pair(position, HeldId.string(id))));
        return seen;
    }

    private static List<ChunkedIndex.Pair> walkFrom(
            ChunkedIndex index, ChunkedIndex.Pair from, boolean inclusive, int max) {
        List<ChunkedIndex.Pair> seen = new ArrayList<>();
        index.walkFrom(from.position(), from.id(), inclusive, (position, id) -> {
            seen.add(new ChunkedIndex.Pair(position, HeldId.string(id)));
            return seen.size() < max;
        });
        return seen;
    }

    private static ChunkedIndex.Pair randomPair(Random random) {
        // few positions and ids, so ties on the position are common; ids of both held forms, some
        // alike up to a character beyond Latin-1
        int n = random.nextInt(12);
        return new ChunkedIndex.Pair(random.nextInt(40) - 5L, n % 3 == 0 ? "id\u0142" + n : "id" + n);
    }

    private static Object held(ChunkedIndex.Pair pair) {
        return HeldId.of((String) pair.id());
    }

    /** The pair with its id as a string. */
    private static ChunkedIndex.@Nullable Pair plain(ChunkedIndex.@Nullable Pair pair) {
        return pair == null ? null : new ChunkedIndex.Pair(pair.position(), HeldId.string(pair.id()));
    }

    private static ChunkedIndex.Pair nth(NavigableSet<ChunkedIndex.Pair> set, int n) {
        return set.stream().skip(n).findFirst().orElseThrow();
    }
}
