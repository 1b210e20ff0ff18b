package dev.stepwise.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.stepwise.engine.FlowEngine;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.checkpoint.FileSystemSaver;
import org.bsc.langgraph4j.checkpoint.MemorySaver;
import org.bsc.langgraph4j.serializer.std.ObjectStreamStateSerializer;
import org.bsc.langgraph4j.state.AgentState;

/**
 * Section 6: Stepwise against peers on the same workload, measured alternately in the same run;
 * ratio Stepwise/peer per repetition. LangGraph4j on its MemorySaver and FileSystemSaver against
 * Stepwise on the memory and file stores (1 and 8 in flight, same JVM); WaniWani's engine
 * ({@code @waniwani/sdk} createFlow, in-process in Node through {@link NodePeer.Driver}) on its
 * MemoryKvStore against Stepwise on the memory store at 1 in flight, and on a KvStore over ioredis
 * against Stepwise on the Redis store at 32 in flight (skipped with a note without Node.js or Redis).
 */
final class PeerBench {

    static final List<Integer> LEVELS = List.of(1, 8);
    /** In flight for the WaniWani pairs: the engine alone at 1, the Redis stores at 32. */
    static final int WANIWANI_MEMORY_LEVEL = 1;

    static final int WANIWANI_REDIS_LEVEL = 32;
    private static final AtomicLong RUN = new AtomicLong();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * One pair at one level.
     *
     * @param peerName           the peer's name in tables
     * @param stepwiseProcessCpu the Stepwise JVM's process CPU µs per turn in each window (worker
     *                           threads plus GC, JIT and the rest: what the Node peer's figure counts)
     */
    record Row(
            String pair,
            String peerName,
            int inFlight,
            List<Measurement> stepwise,
            List<Measurement> peer,
            List<Double> ratios,
            List<Double> stepwiseProcessCpu) {}

    private final Options options;
    private final Backends backends;
    private final List<String> notes;

    PeerBench(Options options, Backends backends, List<String> notes) {
        this.options = options;
        this.backends = backends;
        this.notes = notes;
    }

    List<Row> run() {
        List<Row> rows = new ArrayList<>();
        StoreBench.warmEngine(options);
        langGraph4j(rows);
        waniWani(rows);
        return rows;
    }

    private void langGraph4j(List<Row> rows) {
        for (String store : List.of("memory", "file")) {
            Path dir = backends.fresh("langgraph4j");
            try (Backend backend = backends.open(store)) {
                FlowEngine engine = StoreBench.engine(backend);
                CompiledGraph<AgentState> graph = PeerGraph.compile(
                        store.equals("memory")
                                ? new MemorySaver()
                                : new FileSystemSaver(dir, new ObjectStreamStateSerializer<>(AgentState::new)));
                String pair = "stepwise " + store + " vs langgraph4j "
                        + (store.equals("memory") ? "MemorySaver" : "FileSystemSaver");
                for (int level : LEVELS) {
                    LoadRunner.warm(
                            level, options.warmup(), options.warmupSlices(), w -> new PeerSession(graph, next(w)));
                    rows.add(alternate(
                            pair,
                            "LangGraph4j",
                            level,
                            engine,
                            options.warmup(),
                            () -> LoadRunner.run(
                                    level, Duration.ZERO, options.window(), w -> new PeerSession(graph, next(w)))));
                }
            } finally {
                Cleanup.deleteTree(dir);
            }
        }
    }

    private void waniWani(List<Row> rows) {
        NodePeer node = NodePeer.locate("peer", notes);
        if (node == null) {
            return;
        }
        rows.add(waniWaniPair(node, "memory", "MemoryKvStore", WANIWANI_MEMORY_LEVEL, "memory"));
        if (!LocalRedisCluster.listening(6379)) {
            notes.add("peer: stepwise redis vs waniwani ioredis skipped: no Redis on " + Backends.REDIS_URI);
            return;
        }
        rows.add(waniWaniPair(
                node,
                "redis",
                "ioredis",
                WANIWANI_REDIS_LEVEL,
                "redis",
                Backends.REDIS_URI,
                backends.keyPrefix() + "ww:"));
    }

    /** Stepwise on {@code store} against the WaniWani driver started with {@code driverArgs}. */
    private Row waniWaniPair(NodePeer node, String store, String peerStore, int level, String... driverArgs) {
        // a fresh Node process: V8 compiles the SDK as it runs, so both sides get a longer warm-up
        // (Stepwise's in slices this long, until its JIT is quiet)
        Duration warmup = options.warmup().multipliedBy(options.quick() ? 2 : 4);
        try (Backend backend = backends.open(store);
                NodePeer.Driver driver = node.driver(driverArgs)) {
            notes.add("peer: WaniWani in-process driver (" + peerStore + "): " + driver.versions());
            driver.run(level, warmup);
            return alternate(
                    "stepwise " + store + " vs waniwani " + peerStore,
                    "WaniWani",
                    level,
                    StoreBench.engine(backend),
                    warmup,
                    () -> driver.run(level, options.window()));
        }
    }

    /**
     * Stepwise (warmed up here, in slices of {@code warmup} until its JIT is quiet) and the peer
     * (warmed up by the caller) alternating per repetition.
     */
    private Row alternate(
            String pair,
            String peerName,
            int level,
            FlowEngine engine,
            Duration warmup,
            Supplier<Measurement> peerWindow) {
        IntFunction<TurnDriver> stepwise = w -> new QuoteSession(engine, next(w));
        LoadRunner.Warmed warmed = LoadRunner.warm(level, warmup, options.warmupSlices(), stepwise);
        List<Measurement> s = new ArrayList<>();
        List<Measurement> p = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> processCpu = new ArrayList<>();
        for (int rep = 0; rep < options.repetitions(); rep++) {
            long cpu = OS.getProcessCpuTime();
            Measurement a = LoadRunner.run(level, Duration.ZERO, options.window(), stepwise);
            processCpu.add((OS.getProcessCpuTime() - cpu) / 1e3 / a.turns());
            Measurement b = peerWindow.get();
            s.add(a);
            p.add(b);
            ratios.add(a.turnsPerSec() / b.turnsPerSec());
        }
        Row row = new Row(pair, peerName, level, s, p, ratios, processCpu);
        Spread ratio = Spread.of(ratios, Double::doubleValue);
        System.out.printf(
                "  peer %-45s %2d in flight: stepwise %,8.0f, %s %,8.0f turns/s, ratio %s;"
                        + " CPU µs/turn stepwise %.1f (process %.1f), %s %.1f; stepwise warm-up %s%n",
                pair,
                level,
                Spread.of(s, Measurement::turnsPerSec).median(),
                peerName,
                Spread.of(p, Measurement::turnsPerSec).median(),
                ratio.format("%.2f"),
                Spread.of(s, Measurement::cpuMicrosPerTurn).median(),
                Spread.of(processCpu, Double::doubleValue).median(),
                peerName,
                Spread.of(p, Measurement::cpuMicrosPerTurn).median(),
                Report.warmup(warmed));
        return row;
    }

    private static String next(int worker) {
        return "peer" + RUN.incrementAndGet() + "w" + worker;
    }
}
