package dev.stepwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import org.junit.jupiter.api.Test;

class EngineThreadCostTest {

    /** Where each allocated array goes, so the JIT cannot drop the allocation. */
    private static volatile Object sink;

    @Test
    void countsTheBytesEachTurnAllocatesOnItsThread() {
        EngineThreadCost.Row row = EngineThreadCost.measure(() -> sink = new byte[4_000], 20_000);
        // a byte[4000] is 4,016 bytes with its header; nothing else is allocated per turn
        assertTrue(
                row.bytesPerTurn().min() >= 4_000 && row.bytesPerTurn().max() < 4_100,
                () -> "bytes per turn: " + row.bytesPerTurn());
        assertEquals(5, row.windows());
        assertEquals(20_000, row.turnsPerWindow());
    }

    @Test
    void anotherThreadsWorkIsNotCounted() throws Exception {
        Thread busy = new Thread(() -> {
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                sink = new byte[100_000];
            }
        });
        busy.start();
        EngineThreadCost.Row row = EngineThreadCost.measure(() -> sink = new byte[16], 50_000);
        busy.join();
        assertTrue(row.bytesPerTurn().max() < 100, () -> "bytes per turn: " + row.bytesPerTurn());
    }

    @Test
    void theWorkloadAllocatesAndSpendsCpuEveryTurn() {
        FlowEngine engine = FlowEngine.builder()
                .store(Backends.memory())
                .register(InsuranceQuote.flow())
                .build();
        EngineThreadCost.Row row = EngineThreadCost.measure(new QuoteSession(engine, "t"), 2_000);
        assertTrue(row.bytesPerTurn().min() > 1_000, () -> "bytes per turn: " + row.bytesPerTurn());
        assertTrue(row.cpuMicrosPerTurn().min() > 0, () -> "CPU per turn: " + row.cpuMicrosPerTurn());
    }

    @Test
    void aFailingTurnFailsTheMeasurement() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> EngineThreadCost.measure(
                        () -> {
                            throw new IllegalStateException("turn 1 answered error");
                        },
                        10));
        assertTrue(e.getMessage().contains("turn 1 answered error"), e.getMessage());
    }
}
