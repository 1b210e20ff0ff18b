package dev.stepwise.server.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.LogItem;
import dev.stepwise.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The inspector's in-memory timeline of transient items, through the listener the engine calls. */
class LiveItemsTest {

    private static LogItem item(long seq, String kind, int n) {
        return new LogItem(seq, kind, Instant.EPOCH, Json.object().put("n", n));
    }

    private static List<Integer> numbers(List<LogItem> items) {
        return items.stream().map(i -> i.payload().get("n").asInt()).toList();
    }

    /** Runs {@code writer} (given its index) on that many threads at once; fails on any thread's failure. */
    private static void runWriters(int writers, IntConsumer writer) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int index = w;
            threads.add(new Thread(() -> {
                try {
                    writer.accept(index);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void keepsOnlyTheTransientItemsOfEachSessionInOrder() {
        LiveItems live = new LiveItems();
        live.onItems("quote", "s1", List.of(item(7, LogItem.TOOL, 0), item(0, LogItem.STATE_CHANGE, 1)));
        live.onItems("quote", "s1", List.of(item(0, LogItem.STATUS, 2)));
        live.onItems("other", "s1", List.of(item(0, LogItem.STATUS, 3)));

        assertEquals(List.of(1, 2), numbers(live.of("quote", "s1")), "stored items come from the store");
        assertEquals(List.of(3), numbers(live.of("other", "s1")), "a session id is per flow");
        assertEquals(List.of(), live.of("quote", "nobody"));
    }

    @Test
    void keepsTheNewestItemsOfASession() {
        LiveItems live = new LiveItems();
        for (int i = 0; i < LiveItems.ITEMS_PER_SESSION + 50; i++) {
            live.onItems("quote", "s1", List.of(item(0, LogItem.STATUS, i)));
        }
        List<Integer> kept = numbers(live.of("quote", "s1"));
        assertEquals(LiveItems.ITEMS_PER_SESSION, kept.size());
        assertEquals(50, kept.get(0));
        assertEquals(LiveItems.ITEMS_PER_SESSION + 49, kept.get(kept.size() - 1));
    }

    @Test
    void forgetsADeletedSession() {
        LiveItems live = new LiveItems();
        live.onItems("quote", "s1", List.of(item(0, LogItem.STATUS, 1)));
        live.forget("quote", "s1");
        assertEquals(List.of(), live.of("quote", "s1"));
    }

    @Test
    void holdsTheNewestTurnsOfAllSessions() {
        LiveItems live = new LiveItems();
        int dropped = 100;
        int turns = LiveItems.TURNS + dropped;
        for (int s = 0; s < turns; s++) {
            live.onItems("quote", "s" + s, List.of(item(0, LogItem.STATUS, s)));
        }
        for (int s = 0; s < dropped; s++) {
            assertEquals(List.of(), live.of("quote", "s" + s), "turn " + s + " is older than the ring");
        }
        for (int s = dropped; s < turns; s++) {
            assertEquals(List.of(s), numbers(live.of("quote", "s" + s)), "turn " + s);
        }
    }

    @Test
    void aSessionKeepsItsItemsWhileOtherSessionsTakeTurns() {
        LiveItems live = new LiveItems();
        for (int t = 0; t < 100; t++) {
            live.onItems("quote", "long", List.of(item(0, LogItem.STATUS, t)));
            for (int other = 0; other < 20; other++) {
                live.onItems("quote", "short" + t + "-" + other, List.of(item(0, LogItem.STATUS, -1)));
            }
        }
        assertEquals(IntStream.range(0, 100).boxed().toList(), numbers(live.of("quote", "long")));
    }

    @Test
    void keepsWhatItWasGivenNotTheEnginesList() {
        LiveItems live = new LiveItems();
        List<LogItem> items = new ArrayList<>(List.of(item(0, LogItem.STATUS, 1)));
        live.onItems("quote", "s1", items);
        items.clear();
        items.add(item(0, LogItem.STATUS, 2));
        assertEquals(List.of(1), numbers(live.of("quote", "s1")));
    }

    @Test
    void aTurnsItemsStayTogetherWhileOtherTurnsOfTheSessionAddTheirs() throws Exception {
        LiveItems live = new LiveItems();
        int writers = 8;
        int turns = 10; // 8 x 10 turns x 2 items fit in one session's bound
        runWriters(writers, writer -> {
            for (int t = 0; t < turns; t++) {
                int n = writer * 1000 + 2 * t;
                live.onItems(
                        "quote", "shared", List.of(item(0, LogItem.STATE_CHANGE, n), item(0, LogItem.STATUS, n + 1)));
            }
        });
        List<Integer> kept = numbers(live.of("quote", "shared"));
        assertEquals(writers * turns * 2, kept.size());
        for (int i = 0; i < kept.size(); i += 2) {
            assertEquals(kept.get(i) + 1, kept.get(i + 1), "a turn's items were split at " + i + ": " + kept);
        }
    }

    @Test
    void writersOnTheSameAndOnDifferentSessionsLoseNoItem() throws Exception {
        LiveItems live = new LiveItems();
        int writers = 8;
        int perWriter = 20; // 8 x 20 fit in one session's bound
        runWriters(writers, writer -> {
            for (int i = 0; i < perWriter; i++) {
                int n = writer * 1000 + i;
                live.onItems("quote", "shared", List.of(item(0, LogItem.STATUS, n)));
                live.onItems("quote", "own" + writer, List.of(item(0, LogItem.STATUS, n)));
            }
        });
        List<Integer> shared = numbers(live.of("quote", "shared"));
        assertEquals(writers * perWriter, shared.size());
        for (int w = 0; w < writers; w++) {
            List<Integer> own = numbers(live.of("quote", "own" + w));
            assertEquals(perWriter, own.size());
            int writer = w;
            // each writer's items keep its order, in its own session and in the shared one
            List<Integer> mine = shared.stream().filter(n -> n / 1000 == writer).toList();
            assertEquals(own, mine);
            for (int i = 1; i < own.size(); i++) {
                assertTrue(own.get(i) > own.get(i - 1));
            }
        }
    }
}
