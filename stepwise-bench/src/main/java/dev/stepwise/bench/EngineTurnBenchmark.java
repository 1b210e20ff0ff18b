package dev.stepwise.bench;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: one workload turn on the engine over a memory store. {@link EngineJmh} runs it with 1 and
 * 64 threads and the GC profiler, whose {@code gc.alloc.rate.norm} is the allocation per turn.
 */
public class EngineTurnBenchmark {

    /** The engine and its store, shared by every thread of a run. */
    @State(Scope.Benchmark)
    public static class Engine {
        FlowEngine engine;

        @Setup(Level.Trial)
        public void open() {
            engine = FlowEngine.builder()
                    .store(Backends.memory())
                    .register(InsuranceQuote.flow())
                    .build();
        }
    }

    /** One thread's sessions. */
    @State(Scope.Thread)
    public static class Sessions {
        private static final AtomicLong THREADS = new AtomicLong();
        QuoteSession session;

        @Setup(Level.Trial)
        public void open(Engine engine) {
            session = new QuoteSession(engine.engine, "jmh" + THREADS.incrementAndGet());
        }

        @TearDown(Level.Trial)
        public void close() {
            session = null;
        }
    }

    @Benchmark
    public void turn(Sessions sessions) throws Exception {
        sessions.session.turn();
    }
}
