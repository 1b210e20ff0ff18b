package dev.stepwise.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Section 1 with JMH: turns/s of the engine on a memory store with 1 and 64 threads, and bytes
 * allocated per turn ({@code -prof gc}, {@code gc.alloc.rate.norm}). One fork; the quick suite
 * runs shorter iterations in this JVM (no fork).
 */
final class EngineJmh {

    /** Throughput and allocation at one thread count. */
    record Row(int threads, double turnsPerSec, double turnsPerSecError, double bytesPerTurn) {}

    private EngineJmh() {}

    static List<Row> run(Options options) {
        List<Row> rows = new ArrayList<>();
        for (int threads : List.of(1, 64)) {
            ChainedOptionsBuilder builder = new OptionsBuilder()
                    .include(EngineTurnBenchmark.class.getName() + ".turn")
                    .threads(threads)
                    .forks(options.quick() ? 0 : 1) // quick: in this JVM, sparing a JVM start per run
                    // its own heap settings, not the launcher's: a fork inheriting -Xms6g beside -Xmx2g
                    // would not start; fixed and pre-touched like the launcher's (see Fairness notes)
                    .jvmArgs("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch")
                    .warmupIterations(options.quick() ? 2 : 3)
                    .warmupTime(TimeValue.milliseconds(options.quick() ? 300 : 1000))
                    .measurementIterations(options.quick() ? 2 : 5)
                    .measurementTime(TimeValue.milliseconds(options.quick() ? 400 : 1000))
                    .timeUnit(TimeUnit.SECONDS)
                    .addProfiler(GCProfiler.class)
                    .verbosity(VerboseMode.SILENT);
            try {
                Collection<RunResult> results = new Runner(builder.build()).run();
                for (RunResult result : results) {
                    Result<?> primary = result.getPrimaryResult();
                    Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
                    rows.add(new Row(
                            threads,
                            primary.getScore(),
                            primary.getScoreError(),
                            alloc == null ? Double.NaN : alloc.getScore()));
                }
            } catch (RunnerException e) {
                throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
