package dev.stepwise.bench;

import java.io.PrintStream;

/** The console output: progress lines while running, then the headline tables. */
final class Report {

    private Report() {}

    static void progress(StoreRow row) {
        if (row.raw().isEmpty()) {
            System.out.printf(
                    "  store %-17s %3d in flight: %8.0f turns/s  p50 %7.0f us  p99 %8.0f us  (smoke, no baseline)%n",
                    row.store(),
                    row.inFlight(),
                    row.turnsPerSec().median(),
                    row.p50().median(),
                    row.p99().median());
        } else {
            System.out.printf(
                    "  store %-17s %3d in flight: %8.0f turns/s  raw %8.0f  ratio %.3f  p50 %7.0f us  p99 %8.0f us"
                            + "  cpu/turn %5.0f us (raw %5.0f)  warm-up %s (raw %s)%n",
                    row.store(),
                    row.inFlight(),
                    row.turnsPerSec().median(),
                    row.rawTurnsPerSec().median(),
                    row.ratio().median(),
                    row.p50().median(),
                    row.p99().median(),
                    row.cpu().median(),
                    row.rawCpu().median(),
                    warmup(row.stepwiseWarmup()),
                    warmup(row.rawWarmup()));
        }
    }

    /** A warm-up's length, flagged when it stopped at its cap with the JIT still compiling. */
    static String warmup(LoadRunner.Warmed warmed) {
        return String.format("%.1f s%s", warmed.millis() / 1e3, warmed.quiet() ? "" : " JIT still busy");
    }

    static void tables(PrintStream out, Results r) {
        if (!r.engine.isEmpty()) {
            out.println();
            out.println("Engine in-process, memory store (JMH, -prof gc)");
            out.println("| threads | turns/s | ±99% | alloc B/turn |");
            out.println("|---:|---:|---:|---:|");
            r.engine.forEach(e -> out.printf(
                    "| %d | %,.0f | %,.0f | %,.0f |%n",
                    e.threads(), e.turnsPerSec(), e.turnsPerSecError(), e.bytesPerTurn()));
        }
        if (!r.engineThread.isEmpty()) {
            out.println();
            out.println("Engine in-process, memory store, one thread: its CPU time and allocation per turn"
                    + " (median [min–max] over windows)");
            out.println("| windows × turns | CPU µs/turn | alloc B/turn |");
            out.println("|---|---:|---:|");
            r.engineThread.forEach(e -> out.printf(
                    "| %d × %,d | %s | %s |%n",
                    e.windows(),
                    e.turnsPerWindow(),
                    e.cpuMicrosPerTurn().format("%.2f"),
                    e.bytesPerTurn().format("%,.0f")));
        }
        if (!r.stores.isEmpty()) {
            out.println();
            out.println("Stores: Stepwise vs raw baseline (medians; ratio = Stepwise/raw, [min-max] over repetitions)");
            out.println(
                    "| store | in flight | turns/s | raw turns/s | ratio | p50 µs | p99 µs | raw p50 µs | raw p99 µs | CPU µs/turn | raw CPU µs/turn |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (StoreRow row : r.stores) {
                if (row.raw().isEmpty()) {
                    out.printf(
                            "| %s | %d | %,.0f | – | – | %,.0f | %,.0f | – | – | %,.0f | – |%n",
                            row.store(),
                            row.inFlight(),
                            row.turnsPerSec().median(),
                            row.p50().median(),
                            row.p99().median(),
                            row.cpu().median());
                } else {
                    out.printf(
                            "| %s | %d | %,.0f | %,.0f | %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |%n",
                            row.store(),
                            row.inFlight(),
                            row.turnsPerSec().median(),
                            row.rawTurnsPerSec().median(),
                            row.ratio().format("%.2f"),
                            row.p50().median(),
                            row.p99().median(),
                            row.rawP50().median(),
                            row.rawP99().median(),
                            row.cpu().median(),
                            row.rawCpu().median());
                }
            }
        }
        if (!r.mcp.isEmpty()) {
            out.println();
            out.println("Serving (raw keep-alive HTTP client, loopback; ratios per repetition, median [min–max])");
            out.println("| target | in flight | requests/s | p50 µs | p99 µs | ÷ Jetty ceiling | ÷ WaniWani turn"
                    + " | server CPU µs/request |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            r.mcp.forEach(m -> {
                Spread ceiling = Spread.of(m.vsCeiling(), Double::doubleValue);
                Spread peer = Spread.of(m.vsPeer(), Double::doubleValue);
                out.printf(
                        "| %s | %d | %,.0f | %,.0f | %,.0f | %s | %s | %s |%n",
                        m.target(),
                        m.inFlight(),
                        Spread.of(m.runs(), Measurement::turnsPerSec).median(),
                        Spread.of(m.runs(), Measurement::p50Micros).median(),
                        Spread.of(m.runs(), Measurement::p99Micros).median(),
                        ceiling.format("%.3f"),
                        m.vsPeer().isEmpty() ? "–" : peer.format("%.2f"),
                        m.serverCpuMicros().isEmpty()
                                ? "–"
                                : Spread.of(m.serverCpuMicros(), Double::doubleValue)
                                        .format("%.1f"));
            });
        }
        if (!r.growth.isEmpty()) {
            out.println();
            out.println("Growth (ratio = turns/s relative to the smallest size; flat = 1.00)");
            out.println("| curve | store | size | turns/s | p50 µs | CPU µs/turn | ratio |");
            out.println("|---|---|---:|---:|---:|---:|---:|");
            r.growth.forEach(p -> out.printf(
                    "| %s | %s | %,d | %,.0f | %,.0f | %s | %.2f |%n",
                    p.curve(),
                    p.store(),
                    p.size(),
                    p.turnsPerSec().median(),
                    Spread.of(p.runs(), Measurement::p50Micros).median(),
                    p.cpuMicrosPerTurn().format("%.1f"),
                    p.turnsPerSec().median() / ResultsJson.smallest(r.growth, p)));
        }
        if (!r.memory.isEmpty()) {
            out.println();
            out.println("Memory (memory store, used heap after full GC)");
            out.println("| what | sessions | retained | per session |");
            out.println("|---|---:|---:|---:|");
            r.memory.forEach(f -> out.printf(
                    "| %s | %,d | %,.1f MB | %,.0f B |%n",
                    f.what(), f.sessions(), f.retainedBytes() / 1e6, f.bytesPerSession()));
        }
        if (!r.peer.isEmpty()) {
            out.println();
            out.println(
                    "Peers (ratio = Stepwise/peer turns/s per repetition, median [min–max]; CPU µs/turn: Stepwise's"
                            + " worker threads and its whole JVM; LangGraph4j's worker threads, WaniWani's whole Node process)");
            out.println("| pair | in flight | Stepwise turns/s | peer turns/s | ratio | Stepwise p50 µs | peer p50 µs"
                    + " | Stepwise CPU µs/turn (threads / process) | peer CPU µs/turn |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            r.peer.forEach(p -> {
                Spread ratio = Spread.of(p.ratios(), Double::doubleValue);
                out.printf(
                        "| %s | %d | %,.0f | %,.0f | %s | %,.0f | %,.0f | %.1f / %.1f | %.1f |%n",
                        p.pair(),
                        p.inFlight(),
                        Spread.of(p.stepwise(), Measurement::turnsPerSec).median(),
                        Spread.of(p.peer(), Measurement::turnsPerSec).median(),
                        ratio.format("%.2f"),
                        Spread.of(p.stepwise(), Measurement::p50Micros).median(),
                        Spread.of(p.peer(), Measurement::p50Micros).median(),
                        Spread.of(p.stepwise(), Measurement::cpuMicrosPerTurn).median(),
                        Spread.of(p.stepwiseProcessCpu(), Double::doubleValue).median(),
                        Spread.of(p.peer(), Measurement::cpuMicrosPerTurn).median());
            });
        }
        out.println();
        out.println("Engine-speed targets (issue 20), judged from this run's figures (medians [min–max])");
        out.println("| target | this run | status |");
        out.println("|---|---|---|");
        Targets.of(r).forEach(t -> out.printf("| %s | %s | %s |%n", t.target(), t.measured(), t.status().label));
        if (!r.notes.isEmpty()) {
            out.println();
            out.println("Notes");
            r.notes.forEach(n -> out.println("- " + n));
        }
        if (!r.failures.isEmpty()) {
            out.println();
            out.println("Failures:");
            r.failures.forEach(f -> out.println("- " + f));
        }
    }
}
