package dev.stepwise.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * How much to run: the full suite or {@code --quick} (every store and level, shorter windows and
 * smaller growth sizes), which sections ({@code --only engine,stores,...}) and stores
 * ({@code --stores memory,sqlite}), and where to write ({@code --out DIR}).
 *
 * @param quick       shorter runs
 * @param sections    sections to run
 * @param stores      stores to run (measured and smoke)
 * @param levels      in-flight levels of the store section ({@code --levels 1,64}; default 1, 8, 32, 64)
 * @param out         output directory
 * @param serverJar   the stepwise-server jar the MCP section starts
 * @param warmup      one warm-up slice; a side warms up until the JIT is quiet during a slice, for
 *                    at most {@link #warmupSlices()} slices
 * @param window      one measurement window
 * @param repetitions measurements per (store, level), alternating Stepwise and raw
 */
record Options(
        boolean quick,
        Set<String> sections,
        List<String> stores,
        List<Integer> levels,
        Path out,
        Path serverJar,
        Duration warmup,
        Duration window,
        int repetitions) {

    static final List<String> SECTIONS = List.of("engine", "stores", "mcp", "growth", "memory", "peer");
    static final List<Integer> LEVELS = List.of(1, 8, 32, 64);

    static Options parse(String[] args) {
        boolean quick = false;
        Set<String> sections = Set.copyOf(SECTIONS);
        List<String> stores = new ArrayList<>(Backends.MEASURED);
        stores.addAll(Backends.SMOKE);
        List<Integer> levels = LEVELS;
        Path out = Path.of("bench-results");
        Path serverJar = Path.of("stepwise-server/target/stepwise-server-0.1.0-SNAPSHOT-all.jar");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> sections = Set.of(args[++i].split(","));
                case "--stores" -> stores = List.of(args[++i].split(","));
                case "--levels" ->
                    levels = Arrays.stream(args[++i].split(","))
                            .map(Integer::valueOf)
                            .toList();
                case "--out" -> out = Path.of(args[++i]);
                case "--server-jar" -> serverJar = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: stepwise bench [--quick] [--only " + String.join(",", SECTIONS)
                            + "] [--stores NAME,...] [--levels 1,8,32,64] [--out DIR]\nstores: "
                            + String.join(",", Backends.MEASURED)
                            + ",mongodb (smoke),dynamodb (smoke)");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; try --help");
            }
        }
        for (String s : sections) {
            if (!SECTIONS.contains(s)) {
                throw new IllegalArgumentException(
                        "unknown section " + s + "; sections: " + String.join(",", SECTIONS));
            }
        }
        return quick
                ? new Options(
                        true,
                        sections,
                        stores,
                        levels,
                        out,
                        serverJar,
                        Duration.ofMillis(300),
                        Duration.ofMillis(400),
                        1)
                : new Options(
                        false,
                        sections,
                        stores,
                        levels,
                        out,
                        serverJar,
                        Duration.ofMillis(1000),
                        Duration.ofMillis(1200),
                        3);
    }

    /**
     * Most warm-up slices per side of a measured pair: 3 s quick, 30 s full. Once the engine is
     * compiled, a pair usually needs one or two.
     */
    int warmupSlices() {
        return quick ? 10 : 30;
    }

    boolean runs(String section) {
        return sections.contains(section);
    }
}
