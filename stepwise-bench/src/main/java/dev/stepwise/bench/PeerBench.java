package dev.stepwise.bench;

import dev.stepwise.engine.FlowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.checkpoint.FileSystemSaver;
import org.bsc.langgraph4j.checkpoint.MemorySaver;
import org.bsc.langgraph4j.serializer.std.ObjectStreamStateSerializer;
import org.bsc.langgraph4j.state.AgentState;

/**
 * Section 6: LangGraph4j on its MemorySaver and FileSystemSaver against Stepwise on the memory and
 * file stores, same workload, measured alternately in the same run; ratio Stepwise/peer per pair.
 */
final class PeerBench {

    static final List<Integer> LEVELS = List.of(1, 8);
    private static final AtomicLong RUN = new AtomicLong();

    /** One pair at one level. */
    record Row(String pair, int inFlight, List<Measurement> stepwise, List<Measurement> peer, List<Double> ratios) {}

    private final Options options;
    private final Backends backends;

    PeerBench(Options options, Backends backends) {
        this.options = options;
        this.backends = backends;
    }

    List<Row> run() {
        List<Row> rows = new ArrayList<>();
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
                    LoadRunner.run(level, options.warmup(), Duration.ZERO, w -> new QuoteSession(engine, next(w)));
                    LoadRunner.run(level, options.warmup(), Duration.ZERO, w -> new PeerSession(graph, next(w)));
                    List<Measurement> s = new ArrayList<>();
                    List<Measurement> p = new ArrayList<>();
                    List<Double> ratios = new ArrayList<>();
                    for (int rep = 0; rep < options.repetitions(); rep++) {
                        Measurement a = LoadRunner.run(
                                level, Duration.ZERO, options.window(), w -> new QuoteSession(engine, next(w)));
                        Measurement b = LoadRunner.run(
                                level, Duration.ZERO, options.window(), w -> new PeerSession(graph, next(w)));
                        s.add(a);
                        p.add(b);
                        ratios.add(a.turnsPerSec() / b.turnsPerSec());
                    }
                    Row row = new Row(pair, level, s, p, ratios);
                    rows.add(row);
                    System.out.printf(
                            "  peer %-50s %2d in flight: stepwise %8.0f, langgraph4j %8.0f turns/s, ratio %.2f%n",
                            pair,
                            level,
                            Spread.of(s, Measurement::turnsPerSec).median(),
                            Spread.of(p, Measurement::turnsPerSec).median(),
                            Spread.of(ratios, Double::doubleValue).median());
                }
            } finally {
                Cleanup.deleteTree(dir);
            }
        }
        return rows;
    }

    private static String next(int worker) {
        return "peer" + RUN.incrementAndGet() + "w" + worker;
    }
}
