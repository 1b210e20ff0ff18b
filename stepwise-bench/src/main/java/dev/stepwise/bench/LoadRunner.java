package dev.stepwise.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Closed-loop load: {@code inFlight} threads, each running turns back to back on its own driver,
 * for a fixed time. Every turn's latency is recorded; throughput counts turns finished inside the
 * window. A failed turn aborts the run with its exception (a benchmark of wrong answers is worthless).
 */
final class LoadRunner {

    /**
     * A warm-up slice in which the JIT compiled for at most this share of the slice's time ends the
     * warm-up: the code the load runs is compiled, and a window measures it, not the compiler. On two
     * cores, with eight or more busy workers, the compiler threads get a small share of the CPU, and
     * in a fresh JVM the engine's turn on Redis took ~20 s to compile: a fixed one-second warm-up
     * measured partly compiled code against a raw client whose few methods were compiled at once.
     */
    static final double QUIET_JIT_SHARE = 0.025;

    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    /**
     * How a warm-up ended.
     *
     * @param slices         slices run
     * @param millis         wall time of the warm-up
     * @param lastJitMillis  time the JIT spent compiling during the last slice
     * @param quiet          whether the last slice was quiet ({@link #QUIET_JIT_SHARE}); false when the
     *                       warm-up stopped at its cap with the JIT still compiling
     */
    record Warmed(int slices, long millis, long lastJitMillis, boolean quiet) {}

    private LoadRunner() {}

    /**
     * Runs the load in slices of {@code slice} until the JIT is quiet during one (see
     * {@link #QUIET_JIT_SHARE}) or {@code maxSlices} have run. With a JVM that does not report
     * compilation time, it runs {@code maxSlices}.
     */
    static Warmed warm(int inFlight, Duration slice, int maxSlices, IntFunction<TurnDriver> drivers) {
        if (maxSlices < 1) {
            throw new IllegalArgumentException("a warm-up runs at least one slice, not " + maxSlices);
        }
        List<TurnDriver> workers = workers(inFlight, drivers);
        boolean measurable = JIT != null && JIT.isCompilationTimeMonitoringSupported();
        long begin = System.nanoTime();
        long lastJit = -1;
        for (int n = 1; n <= maxSlices; n++) {
            long jit = measurable ? JIT.getTotalCompilationTime() : 0;
            long start = System.nanoTime();
            timed(workers, slice);
            long sliceMillis = (System.nanoTime() - start) / 1_000_000;
            if (measurable) {
                lastJit = JIT.getTotalCompilationTime() - jit;
                if (lastJit <= QUIET_JIT_SHARE * sliceMillis) {
                    return new Warmed(n, (System.nanoTime() - begin) / 1_000_000, lastJit, true);
                }
            }
        }
        return new Warmed(maxSlices, (System.nanoTime() - begin) / 1_000_000, lastJit, false);
    }

    /**
     * Warms up for {@code warmup}, then measures for {@code measure}, with fresh drivers from
     * {@code drivers} (called with the worker index) that are kept across both phases.
     */
    static Measurement run(int inFlight, Duration warmup, Duration measure, IntFunction<TurnDriver> drivers) {
        List<TurnDriver> workers = workers(inFlight, drivers);
        if (!warmup.isZero()) {
            timed(workers, warmup);
        }
        return timed(workers, measure);
    }

    /** One driver per worker, made with the worker's index. */
    private static List<TurnDriver> workers(int inFlight, IntFunction<TurnDriver> drivers) {
        List<TurnDriver> workers = new ArrayList<>(inFlight);
        for (int i = 0; i < inFlight; i++) {
            workers.add(drivers.apply(i));
        }
        return workers;
    }

    private static Measurement timed(List<TurnDriver> workers, Duration window) {
        int n = workers.size();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[][] latencies = new long[n][];
        int[] counts = new int[n];
        long[] cpu = new long[n];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(n);
        for (int w = 0; w < n; w++) {
            int index = w;
            Thread thread = new Thread(
                    () -> {
                        long[] mine = new long[4096];
                        int count = 0;
                        TurnDriver driver = workers.get(index);
                        ready.countDown();
                        long cpuStart = 0;
                        try {
                            go.await();
                            cpuStart = mx.getCurrentThreadCpuTime();
                            while (!stop.get()) {
                                long start = System.nanoTime();
                                driver.turn();
                                long took = System.nanoTime() - start;
                                if (count == mine.length) {
                                    mine = Arrays.copyOf(mine, count * 2);
                                }
                                mine[count++] = took;
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                            stop.set(true);
                        }
                        cpu[index] = mx.getCurrentThreadCpuTime() - cpuStart;
                        latencies[index] = mine;
                        counts[index] = count;
                    },
                    "bench-worker-" + w);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        try {
            ready.await();
            long begin = System.nanoTime();
            go.countDown();
            Thread.sleep(window.toMillis());
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException("a turn failed: " + failure.get(), failure.get());
            }
            long total = 0;
            long cpuTotal = 0;
            for (int w = 0; w < n; w++) {
                total += counts[w];
                cpuTotal += cpu[w];
            }
            long[] all = new long[(int) total];
            int at = 0;
            for (int w = 0; w < n; w++) {
                System.arraycopy(latencies[w], 0, all, at, counts[w]);
                at += counts[w];
            }
            Arrays.sort(all);
            return new Measurement(
                    n,
                    total,
                    seconds,
                    total / seconds,
                    percentile(all, 0.50) / 1e3,
                    percentile(all, 0.99) / 1e3,
                    total == 0 ? Double.NaN : cpuTotal / 1e3 / total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            throw new IllegalStateException("interrupted", e);
        }
    }

    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }
}
