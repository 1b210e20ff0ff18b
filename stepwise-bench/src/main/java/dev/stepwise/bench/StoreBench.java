package dev.stepwise.bench;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Section 2: every store at every in-flight level, Stepwise against its raw baseline. Per level
 * both warm up, then they alternate for the repetitions (Stepwise, raw, Stepwise, raw, ...) so
 * machine load drifts hit both alike; the ratio is taken per repetition and its median reported.
 */
final class StoreBench {

    private static final AtomicLong RUN = new AtomicLong();

    private final Options options;
    private final Backends backends;
    private final List<TurnShape> shapes;

    StoreBench(Options options, Backends backends, List<TurnShape> shapes) {
        this.options = options;
        this.backends = backends;
        this.shapes = shapes;
    }

    List<StoreRow> run() {
        warmEngine(options);
        List<StoreRow> rows = new ArrayList<>();
        for (String name : options.stores()) {
            try {
                if (Backends.inHeap(name)) {
                    // a fresh store per level: a warm-up that runs until the JIT is quiet can add
                    // millions of records to a heap store, and a later level then measured the GC
                    for (int level : options.levels()) {
                        try (Backend backend = backends.open(name)) {
                            measure(backend, engine(backend), level, rows);
                        }
                    }
                } else {
                    try (Backend backend = backends.open(name)) {
                        FlowEngine engine = engine(backend);
                        for (int level : options.levels()) {
                            measure(backend, engine, level, rows);
                        }
                    }
                }
            } catch (RuntimeException e) {
                System.err.println("store " + name + " failed: " + e);
                e.printStackTrace();
            }
        }
        return rows;
    }

    /**
     * Compiles the engine's hot paths once before the first store, so the first store measured is
     * not the one that pays for JIT compilation (the per-store warm-up is short in the quick suite).
     * The peer section does the same before its first pair.
     */
    static void warmEngine(Options options) {
        FlowEngine engine = FlowEngine.builder()
                .store(Backends.memory())
                .register(InsuranceQuote.flow())
                .build();
        Duration warm = options.warmup().multipliedBy(5);
        LoadRunner.run(2, warm, Duration.ZERO, w -> stepwise(engine, w));
    }

    static FlowEngine engine(Backend backend) {
        return FlowEngine.builder()
                .store(backend.store())
                .register(InsuranceQuote.flow())
                .build();
    }

    private void measure(Backend backend, FlowEngine engine, int level, List<StoreRow> rows) {
        StoreRow row = measure(backend, engine, level);
        rows.add(row);
        Report.progress(row);
    }

    private StoreRow measure(Backend backend, FlowEngine engine, int level) {
        List<Measurement> stepwise = new ArrayList<>();
        List<Measurement> raw = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        LoadRunner.Warmed stepwiseWarmup =
                LoadRunner.warm(level, options.warmup(), options.warmupSlices(), w -> stepwise(engine, w));
        LoadRunner.Warmed rawWarmup = backend.raw() == null
                ? null
                : LoadRunner.warm(level, options.warmup(), options.warmupSlices(), w -> raw(backend, w));
        for (int rep = 0; rep < options.repetitions(); rep++) {
            Measurement s = LoadRunner.run(level, Duration.ZERO, options.window(), w -> stepwise(engine, w));
            stepwise.add(s);
            if (backend.raw() != null) {
                Measurement r = LoadRunner.run(level, Duration.ZERO, options.window(), w -> raw(backend, w));
                raw.add(r);
                ratios.add(s.turnsPerSec() / r.turnsPerSec());
            }
        }
        return new StoreRow(backend.name(), backend.smoke(), level, stepwise, raw, ratios, stepwiseWarmup, rawWarmup);
    }

    private static TurnDriver stepwise(FlowEngine engine, int worker) {
        return new QuoteSession(engine, "s" + RUN.incrementAndGet() + "w" + worker);
    }

    private TurnDriver raw(Backend backend, int worker) {
        return new RawTurns(backend.raw(), shapes, "r" + RUN.incrementAndGet() + "w" + worker);
    }
}
