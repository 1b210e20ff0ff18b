package dev.stepwise.bench;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 1, second part: what one workload turn costs the thread that runs it, on a memory store,
 * measured with the thread's own CPU clock and allocation counter over fixed numbers of turns. On a
 * shared machine these two move far less than a throughput figure does: another process taking a
 * core slows the clock on the wall, not the thread's CPU time, and allocation does not depend on
 * timing at all.
 */
final class EngineThreadCost {

    /** CPU time and bytes allocated per turn, over the run's windows. */
    record Row(int windows, long turnsPerWindow, Spread cpuMicrosPerTurn, Spread bytesPerTurn) {}

    private static final int WINDOWS = 5;

    private EngineThreadCost() {}

    static List<Row> run(Options options) {
        FlowEngine engine = FlowEngine.builder()
                .store(Backends.memory())
                .register(InsuranceQuote.flow())
                .build();
        Row row = measure(new QuoteSession(engine, "thread-cost"), options.quick() ? 50_000 : 300_000);
        System.out.printf(
                "  engine, one thread: %s µs CPU, %s B allocated per turn%n",
                row.cpuMicrosPerTurn().format("%.2f"), row.bytesPerTurn().format("%,.0f"));
        return List.of(row);
    }

    /** {@code turns} warm-up turns of {@code driver} on this thread, then {@link #WINDOWS} windows of as many. */
    static Row measure(TurnDriver driver, long turns) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported() || !threads.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not measure a thread's CPU time and allocation");
        }
        try {
            for (long i = 0; i < turns; i++) {
                driver.turn();
            }
            List<double[]> windows = new ArrayList<>();
            for (int w = 0; w < WINDOWS; w++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long bytes = threads.getCurrentThreadAllocatedBytes();
                for (long i = 0; i < turns; i++) {
                    driver.turn();
                }
                windows.add(new double[] {
                    (threads.getCurrentThreadCpuTime() - cpu) / 1_000.0 / turns,
                    (threads.getCurrentThreadAllocatedBytes() - bytes) / (double) turns
                });
            }
            return new Row(WINDOWS, turns, Spread.of(windows, w -> w[0]), Spread.of(windows, w -> w[1]));
        } catch (Exception e) {
            throw new IllegalStateException("a measured turn failed: " + e.getMessage(), e);
        }
    }
}
