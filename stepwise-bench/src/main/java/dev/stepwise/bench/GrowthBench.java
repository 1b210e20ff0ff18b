package dev.stepwise.bench;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.engine.LogPolicy;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * Section 4: does a turn cost more as history grows? (a) One session whose stored conversation
 * log holds N items, turned by answers the email validator rejects: each turn appends one more
 * item, and the log policy keeps the newest N, so the log stays at N items however many turns the
 * windows run (without the cap, a point's log grew by ~300,000 items a second, and the "1,000
 * items" point measured a log of a million); (b) the workload with 1,000 vs 1,000,000 idle
 * sessions stored beside it. Ratios are to the smallest size.
 */
final class GrowthBench {

    /** One point of a curve. */
    record Point(String curve, String store, long size, List<Measurement> runs) {
        Spread turnsPerSec() {
            return Spread.of(runs, Measurement::turnsPerSec);
        }

        /**
         * The workers' CPU time per turn: unlike turns/s it does not move with the load the machine's
         * neighbours put on it, so it tells a cost that grows with size from a busy machine.
         */
        Spread cpuMicrosPerTurn() {
            return Spread.of(runs, Measurement::cpuMicrosPerTurn);
        }
    }

    private static final AtomicLong RUN = new AtomicLong();

    private final Options options;
    private final Backends backends;

    GrowthBench(Options options, Backends backends) {
        this.options = options;
        this.backends = backends;
    }

    List<Point> run() {
        List<Point> points = new ArrayList<>();
        // the first point measured must not carry the JIT's warm-up: it is what the others are compared to
        StoreBench.warmEngine(options);
        for (String store : List.of("memory", "sqlite", "file")) {
            // SQLite and file stop at 10,000 items: building a 100,000-item log one durable turn at a
            // time takes minutes there
            List<Long> sizes = store.equals("memory") && !options.quick()
                    ? List.of(10L, 1_000L, 100_000L)
                    : List.of(10L, 1_000L, 10_000L);
            try (Backend backend = backends.open(store)) {
                for (long size : sizes) {
                    FlowEngine engine = FlowEngine.builder()
                            .store(backend.store())
                            .register(InsuranceQuote.flow())
                            .logPolicy(LogPolicy.DEFAULT.retain((int) size, Duration.ofDays(30)))
                            .build();
                    String sessionId = "log" + RUN.incrementAndGet();
                    begin(engine, sessionId);
                    for (long i = 1; i < size; i++) {
                        rejected(engine, sessionId);
                    }
                    List<Measurement> runs = new ArrayList<>();
                    LoadRunner.run(1, options.warmup(), Duration.ZERO, w -> () -> rejected(engine, sessionId));
                    for (int rep = 0; rep < options.repetitions(); rep++) {
                        runs.add(LoadRunner.run(
                                1, Duration.ZERO, options.window(), w -> () -> rejected(engine, sessionId)));
                    }
                    Point point = new Point("log items", store, size, runs);
                    points.add(point);
                    System.out.printf(
                            "  growth %-6s log of %,9d items: %8.0f turns/s, p50 %6.0f us%n",
                            store,
                            size,
                            point.turnsPerSec().median(),
                            Spread.of(runs, Measurement::p50Micros).median());
                }
            }
        }
        points.addAll(storedSessions());
        return points;
    }

    /**
     * The workload beside 1,000 and beside 1,000,000 idle sessions: two memory stores filled first,
     * then measured alternately, so JIT warm-up and machine load fall on both sizes alike.
     */
    private List<Point> storedSessions() {
        long big = options.quick() ? 100_000 : 1_000_000;
        List<Long> sizes = List.of(1_000L, big);
        List<Backend> opened = new ArrayList<>();
        try {
            List<FlowEngine> engines = new ArrayList<>();
            for (long size : sizes) {
                Backend backend = backends.open("memory");
                opened.add(backend);
                FlowEngine engine = StoreBench.engine(backend);
                Idle.populate(engine, "idle" + RUN.incrementAndGet(), size);
                engines.add(engine);
            }
            StoreBench.warmEngine(options);
            List<List<Measurement>> runs = new ArrayList<>();
            for (FlowEngine engine : engines) {
                runs.add(new ArrayList<>());
                LoadRunner.warm(
                        8,
                        options.warmup(),
                        options.warmupSlices(),
                        w -> new QuoteSession(engine, "g" + RUN.incrementAndGet()));
            }
            // at least three alternating windows, quick too: the one quick window of the large store
            // came right after it was filled, and read half the small store's turns/s at the same
            // CPU per turn
            for (int rep = 0; rep < Math.max(3, options.repetitions()); rep++) {
                for (int i = 0; i < engines.size(); i++) {
                    FlowEngine engine = engines.get(i);
                    runs.get(i)
                            .add(LoadRunner.run(
                                    8,
                                    Duration.ZERO,
                                    options.window(),
                                    w -> new QuoteSession(engine, "g" + RUN.incrementAndGet())));
                }
            }
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                Point point = new Point("stored sessions", "memory", sizes.get(i), runs.get(i));
                points.add(point);
                System.out.printf(
                        "  growth memory %,9d stored sessions: %8.0f turns/s, p50 %6.0f us, CPU %s us/turn%n",
                        sizes.get(i),
                        point.turnsPerSec().median(),
                        Spread.of(runs.get(i), Measurement::p50Micros).median(),
                        point.cpuMicrosPerTurn().format("%.1f"));
            }
            return points;
        } finally {
            opened.forEach(Backend::close);
        }
    }

    private static void begin(FlowEngine engine, String sessionId) {
        FlowResponse r = engine.call(
                FlowCall.start(InsuranceQuote.ID).sessionId(sessionId).build());
        QuoteSession.check(r.status(), 0, r);
    }

    private static void rejected(FlowEngine engine, String sessionId) {
        ObjectNode updates = Json.object();
        updates.put("name", "Ada");
        updates.put("email", "ada@example.invalid");
        FlowResponse r = engine.call(
                FlowCall.resume(InsuranceQuote.ID, sessionId).updates(updates).build());
        if (!"interrupt".equals(r.status())) {
            throw new IllegalStateException("a rejected email answered " + r);
        }
    }
}
