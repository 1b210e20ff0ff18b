package dev.stepwise.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code ./stepwise bench [--quick]}: runs the benchmark sections, prints the tables and writes
 * {@code bench-results/} (results.json, tables.md, PNG plots). A program, not a test: it asserts
 * answers (every turn's status), never times.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options = Options.parse(args);
        Instant started = Instant.now();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(
                "stepwise bench (%s): %d cores, load average %.2f, %s%n",
                options.quick() ? "quick" : "full",
                Runtime.getRuntime().availableProcessors(),
                load,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        Path work = Files.createTempDirectory("stepwise-bench-");
        Backends backends = new Backends(work);
        Results results = new Results();
        try {
            results.shapes.addAll(TurnShape.capture());
            System.out.println("per turn, the engine asks the store for:");
            results.shapes.forEach(s -> System.out.println("  " + s.describe()));
            if (options.runs("engine")) {
                section("engine (JMH)", results, () -> EngineJmh.run(options), results.engine);
                section(
                        "engine (one thread's CPU and allocation)",
                        results,
                        () -> EngineThreadCost.run(options),
                        results.engineThread);
            }
            if (options.runs("stores")) {
                section(
                        "stores",
                        results,
                        () -> new StoreBench(options, backends, results.shapes).run(),
                        results.stores);
                for (String name : options.stores()) {
                    if (Backends.MEASURED.contains(name)) {
                        try (Backend b = backends.open(name)) {
                            results.rawBaselines.put(name, b.raw().describe());
                        } catch (RuntimeException e) {
                            results.rawBaselines.put(name, "unavailable: " + e.getMessage());
                        }
                    }
                }
            }
            if (options.runs("mcp")) {
                section("mcp", results, () -> new McpBench(options, backends, results.notes).run(), results.mcp);
            }
            if (options.runs("growth")) {
                section("growth", results, () -> new GrowthBench(options, backends).run(), results.growth);
            }
            if (options.runs("memory")) {
                section("memory", results, () -> new MemoryBench(options).run(), results.memory);
            }
            if (options.runs("peer")) {
                section("peer", results, () -> new PeerBench(options, backends, results.notes).run(), results.peer);
            }
        } finally {
            backends.shutdown();
            Cleanup.deleteTree(work);
        }
        Files.createDirectories(options.out());
        ResultsJson.write(options.out().resolve("results.json"), options, results, started, load);
        Plots.write(options.out(), results);
        ByteArrayOutputStream tables = new ByteArrayOutputStream();
        Report.tables(new PrintStream(tables, true, StandardCharsets.UTF_8), results);
        String text = tables.toString(StandardCharsets.UTF_8);
        Files.writeString(options.out().resolve("tables.md"), text);
        System.out.print(text);
        System.out.printf(
                "%nwrote %s (results.json, tables.md, PNG plots) in %d s%n",
                options.out().toAbsolutePath(), (System.currentTimeMillis() - started.toEpochMilli()) / 1000);
        System.exit(results.failures.isEmpty() ? 0 : 1);
    }

    private static <T> void section(String name, Results results, Supplier<List<T>> run, List<T> into) {
        System.out.println("== " + name);
        long start = System.nanoTime();
        try {
            into.addAll(run.get());
        } catch (RuntimeException e) {
            results.failures.add(name + ": " + e);
            e.printStackTrace();
        }
        System.out.printf("   (%s: %.0f s)%n", name, (System.nanoTime() - start) / 1e9);
    }
}
