package dev.stepwise.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * The engine-speed targets (issue 20) judged from one run's own figures: each target, the figure
 * this run measured for it, and whether it is met. A target whose section did not run (or whose peer
 * was skipped) is "not measured", never "met".
 */
final class Targets {

    /** How one target stands in this run. */
    enum Status {
        MET("met"),
        NOT_MET("not met"),
        NOT_MEASURED("not measured");

        final String label;

        Status(String label) {
            this.label = label;
        }
    }

    /**
     * One target.
     *
     * @param target   what is asked, with its bound
     * @param measured the figure this run measured, with what it is the median of
     * @param status   how it stands
     */
    record Target(String target, String measured, Status status) {}

    /** The stores the ratio target names (the memory store alone has no target). */
    static final List<String> RATIO_STORES =
            List.of("memory+aes", "file", "sqlite", "postgresql", "mariadb", "redis", "redis-cluster");

    static final double ENGINE_VS_WANIWANI = 10.0;
    static final double MAX_BYTES_PER_TURN = 3_000;
    static final double MIN_STORE_RATIO = 0.9;
    static final double REDIS_VS_WANIWANI = 2.0;
    static final double MAX_IDLE_BYTES = 300;
    static final double MIN_GROWTH_RATIO = 0.9;

    private Targets() {}

    static List<Target> of(Results r) {
        List<Target> targets = new ArrayList<>();
        targets.add(peer(
                r,
                "engine in-process, memory store, 1 thread: ≥ 10× WaniWani",
                p -> p.pair().startsWith("stepwise memory vs waniwani"),
                ENGINE_VS_WANIWANI));
        targets.add(allocation(r));
        for (String store : RATIO_STORES) {
            targets.add(storeRatio(r, store));
        }
        targets.add(peer(
                r,
                "Redis at 32 in flight: ≥ 2× WaniWani + ioredis",
                p -> p.pair().startsWith("stepwise redis vs waniwani") && p.inFlight() == 32,
                REDIS_VS_WANIWANI));
        targets.add(idle(r));
        targets.add(growth(r));
        targets.add(mcp(r));
        return targets;
    }

    /**
     * What the server adds to a turn beyond HTTP and the engine: its process's CPU per turn request,
     * less the Jetty ceiling's per request (HTTP itself, not Stepwise's), less the engine's CPU per
     * turn in-process. Judged at the highest in-flight level the section ran, where the CPU of waking
     * threads for each request is shared most; met when it is at most the engine's own. The server's
     * figure includes its collector and JIT threads and the engine's does not, so the judgement leans
     * towards "not met".
     */
    private static Target mcp(Results r) {
        String target = "MCP: the server's turn path adds no more than the engine";
        OptionalInt level = r.mcp.stream()
                .filter(row -> row.target().equals(McpBench.CEILING)
                        && !row.serverCpuMicros().isEmpty())
                .mapToInt(McpBench.Row::inFlight)
                .max();
        OptionalDouble turn = serverCpu(r, McpBench.TURN_MEMORY, level);
        OptionalDouble ceiling = serverCpu(r, McpBench.CEILING, level);
        if (r.engineThread.isEmpty() || turn.isEmpty() || ceiling.isEmpty()) {
            return new Target(target, "engine or mcp section not run, or no process CPU", Status.NOT_MEASURED);
        }
        double engine = r.engineThread.get(0).cpuMicrosPerTurn().median();
        double added = turn.getAsDouble() - ceiling.getAsDouble() - engine;
        return new Target(
                target,
                String.format(
                        "%.1f µs added per turn beyond HTTP and the engine, against the engine's %.1f µs in-process"
                                + " (server CPU %.1f µs per turn request, Jetty ceiling %.1f µs per request; %d in"
                                + " flight)",
                        added, engine, turn.getAsDouble(), ceiling.getAsDouble(), level.getAsInt()),
                added <= engine ? Status.MET : Status.NOT_MET);
    }

    private static OptionalDouble serverCpu(Results r, String target, OptionalInt level) {
        return r.mcp.stream()
                .filter(row -> row.target().equals(target)
                        && level.isPresent()
                        && row.inFlight() == level.getAsInt()
                        && !row.serverCpuMicros().isEmpty())
                .mapToDouble(McpBench.Row::serverCpuMedian)
                .findFirst();
    }

    private static Target peer(Results r, String target, Predicate<PeerBench.Row> pair, double atLeast) {
        Optional<PeerBench.Row> row = r.peer.stream().filter(pair).findFirst();
        if (row.isEmpty()) {
            return new Target(target, "pair not run", Status.NOT_MEASURED);
        }
        Spread ratio = Spread.of(row.get().ratios(), Double::doubleValue);
        return new Target(target, ratio.format("%.2f") + "×", ratio.median() >= atLeast ? Status.MET : Status.NOT_MET);
    }

    private static Target allocation(Results r) {
        String target = "allocation per turn: ≤ 3,000 B";
        if (!r.engineThread.isEmpty()) {
            Spread bytes = r.engineThread.get(0).bytesPerTurn();
            return new Target(
                    target,
                    bytes.format("%,.0f") + " B (one thread's allocation counter)",
                    bytes.median() <= MAX_BYTES_PER_TURN ? Status.MET : Status.NOT_MET);
        }
        Optional<EngineJmh.Row> jmh =
                r.engine.stream().filter(e -> e.threads() == 1).findFirst();
        if (jmh.isEmpty()) {
            return new Target(target, "engine section not run", Status.NOT_MEASURED);
        }
        double bytes = jmh.get().bytesPerTurn();
        return new Target(
                target,
                String.format("%,.0f B (JMH -prof gc)", bytes),
                bytes <= MAX_BYTES_PER_TURN ? Status.MET : Status.NOT_MET);
    }

    /** The lowest median ratio at 8 in flight and above; every level run must reach the bound. */
    private static Target storeRatio(Results r, String store) {
        String target = store + ": ≥ 0.9× raw at 8–64 in flight";
        List<StoreRow> rows = r.stores.stream()
                .filter(row -> row.store().equals(store)
                        && row.inFlight() >= 8
                        && !row.ratios().isEmpty())
                .toList();
        if (rows.isEmpty()) {
            return new Target(target, "store not run at 8 in flight or more", Status.NOT_MEASURED);
        }
        StoreRow lowest = Collections.min(
                rows, Comparator.comparingDouble(row -> row.ratio().median()));
        double low = lowest.ratio().median();
        return new Target(
                target,
                String.format("lowest %.2f (at %d in flight)", low, lowest.inFlight()),
                low >= MIN_STORE_RATIO ? Status.MET : Status.NOT_MET);
    }

    /**
     * Judged on what each further session adds: the average also carries the engine's fixed
     * session cache, a share that depends on how many sessions the run made.
     */
    private static Target idle(Results r) {
        String target = "idle session's retained heap: ≤ 300 B";
        Optional<MemoryBench.Figure> more = r.memory.stream()
                .filter(f -> f.what().startsWith("idle sessions, each one more"))
                .findFirst();
        if (more.isEmpty()) {
            return new Target(target, "memory section not run", Status.NOT_MEASURED);
        }
        String average = r.memory.stream()
                .filter(f -> f.what().startsWith("idle sessions (waiting"))
                .findFirst()
                .map(f -> String.format("; %,.0f B on average over %,d", f.bytesPerSession(), f.sessions()))
                .orElse("");
        double bytes = more.get().bytesPerSession();
        return new Target(
                target,
                String.format("%,.0f B each further session%s", bytes, average),
                bytes <= MAX_IDLE_BYTES ? Status.MET : Status.NOT_MET);
    }

    private static Target growth(Results r) {
        String target = "1,000,000 stored sessions: ≤ 10 % slower than 1,000";
        List<GrowthBench.Point> points = r.growth.stream()
                .filter(p -> p.curve().equals("stored sessions"))
                .toList();
        if (points.size() < 2) {
            return new Target(target, "growth section not run", Status.NOT_MEASURED);
        }
        Comparator<GrowthBench.Point> bySize = Comparator.comparingLong(GrowthBench.Point::size);
        GrowthBench.Point small = Collections.min(points, bySize);
        GrowthBench.Point big = Collections.max(points, bySize);
        double ratio = big.turnsPerSec().median() / small.turnsPerSec().median();
        return new Target(
                target,
                String.format(
                        "%.2f (turns/s at %,d against %,d stored sessions; CPU per turn %.1f against %.1f µs)",
                        ratio,
                        big.size(),
                        small.size(),
                        big.cpuMicrosPerTurn().median(),
                        small.cpuMicrosPerTurn().median()),
                ratio >= MIN_GROWTH_RATIO ? Status.MET : Status.NOT_MET);
    }
}
