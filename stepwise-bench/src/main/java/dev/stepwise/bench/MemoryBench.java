package dev.stepwise.bench;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.store.memory.MemoryStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 5: retained heap (used heap after full GCs) per idle session in the memory store, and
 * after N completed sessions: with the default completed retention (a small completion marker per
 * session is kept for an hour) and with a 1 s retention (markers expire and later writes sweep
 * them: the delete-on-complete steady state).
 */
final class MemoryBench {

    /** A heap figure. */
    record Figure(String what, long sessions, long retainedBytes, double bytesPerSession) {}

    private final Options options;

    MemoryBench(Options options) {
        this.options = options;
    }

    List<Figure> run() {
        List<Figure> figures = new ArrayList<>();
        // quick: 100,000, not fewer: the second half's growth over 10,000 sessions moved by ±40 B
        // from run to run (a heap measured after GC is not exact to the last few hundred KB)
        long idle = options.quick() ? 100_000 : 200_000;
        long completed = options.quick() ? 50_000 : 1_000_000;
        long markers = options.quick() ? 20_000 : 100_000;
        figures.addAll(idle(idle));
        figures.add(completed("completed sessions, default 1 h completed retention (markers kept)", markers, null));
        figures.add(completed(
                "completed sessions, 1 s completed retention (markers swept)", completed, Duration.ofSeconds(1)));
        figures.forEach(f -> System.out.printf(
                "  memory %-70s %,10d sessions: %,12d B retained, %8.1f B/session%n",
                f.what(), f.sessions(), f.retainedBytes(), f.bytesPerSession()));
        return figures;
    }

    /**
     * Two figures: the heap the sessions and their engine and store took, per session; and what each
     * session of the second half added. The first charges each session a share of what an engine
     * holds whatever the number of sessions (its cache of the 1,000 sessions it turned last, ~1.1 MB
     * measured with and without it), a share that grows as the count falls (~11 B at the quick
     * run's 100,000, ~5 B at the full run's 200,000); the second is the cost of one more session.
     */
    private List<Figure> idle(long count) {
        long before = usedAfterGc();
        MemoryStore store = Backends.memory();
        FlowEngine engine = FlowEngine.builder()
                .store(store)
                .register(InsuranceQuote.flow())
                .build();
        long half = count / 2;
        Idle.populate(engine, "idle", half);
        long middle = usedAfterGc();
        Idle.populate(engine, "idle-more", count - half);
        long after = usedAfterGc();
        List<Figure> figures = List.of(
                new Figure(
                        "idle sessions (waiting at the first question)",
                        count,
                        after - before,
                        (after - before) / (double) count),
                new Figure(
                        "idle sessions, each one more (the second half's growth)",
                        count - half,
                        after - middle,
                        (after - middle) / (double) (count - half)));
        store.close();
        return figures;
    }

    private Figure completed(String what, long sessions, Duration retention) {
        long before = usedAfterGc();
        MemoryStore store = Backends.memory();
        FlowEngine.Builder builder = FlowEngine.builder().store(store).register(InsuranceQuote.flow());
        if (retention != null) {
            builder.completedRetention(retention);
        }
        FlowEngine engine = builder.build();
        long perWorker = sessions / 2;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            QuoteSession session = new QuoteSession(engine, "done" + t);
            Thread thread = new Thread(() -> {
                try {
                    for (long i = 0; i < perWorker * 4; i++) {
                        session.turn();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long after = usedAfterGc();
        store.close();
        return new Figure(what, perWorker * 2, after - before, (after - before) / (double) (perWorker * 2));
    }

    /** Used heap after full collections, once it stops shrinking. */
    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used - 64 * 1024) {
                return Math.min(now, used);
            }
            used = Math.min(now, used);
        }
        return used;
    }
}
