package dev.stepwise.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.CallAction;
import dev.stepwise.engine.EngineObserver;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.TurnReport;
import dev.stepwise.store.memory.MemoryStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.tck.MeterRegistryAssert;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** After a scripted set of calls, the registry holds exactly the expected counts. */
class StepwiseMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RacingStore store = new RacingStore(MemoryStore.builder().build());
    private final Script script = new Script();
    private final AtomicLong reportedLogItems = new AtomicLong();
    private long purged;

    @BeforeEach
    void runScript() {
        EngineObserver logItems = new EngineObserver() {
            @Override
            public Watch<TurnReport> turn(@Nullable String flowId, @Nullable CallAction action) {
                return report -> reportedLogItems.addAndGet(report.logItems());
            }
        };
        FlowEngine engine = FlowEngine.builder()
                .store(store)
                .storeName("memory")
                .observer(StepwiseMetrics.of(registry))
                .observer(logItems)
                .register(script.quote(), Script.broken())
                .build();
        purged = script.run(engine, store);
    }

    private double count(String name, String flow) {
        return registry.get(name).tag("flow", flow).counter().count();
    }

    @Test
    void turnsAreCountedByFlowActionStatusAndError() {
        Map<String, Long> turns = new TreeMap<>();
        for (Timer timer : registry.get(StepwiseMetrics.TURNS).timers()) {
            Meter.Id id = timer.getId();
            turns.put(
                    id.getTag("flow") + " " + id.getTag("action") + " " + id.getTag("status") + " "
                            + id.getTag("error"),
                    timer.count());
        }
        assertEquals(
                new TreeMap<>(Map.of(
                        "quote start interrupt none", 2L,
                        "quote continue interrupt none", 1L,
                        "quote continue complete none", 1L,
                        "quote continue error FLOW_COMPLETED", 1L,
                        "quote cancel cancelled none", 1L,
                        "broken start error NODE_FAILED", 1L,
                        "unknown start error INVALID_INPUT", 1L)),
                turns);
    }

    @Test
    void conflictsRerunsOnceAndSessionLifecycleAreCounted() {
        assertEquals(1, count(StepwiseMetrics.CONFLICTS, "quote"));
        assertEquals(1, count(StepwiseMetrics.RERUNS, "quote"));
        assertEquals(1, count(StepwiseMetrics.ONCE, "quote"));
        assertEquals(2, count(StepwiseMetrics.STARTED, "quote"));
        assertEquals(1, count(StepwiseMetrics.COMPLETED, "quote"));
        assertEquals(1, count(StepwiseMetrics.CANCELLED, "quote"));
        assertEquals(0, count(StepwiseMetrics.REPLAYS, "quote"));
        assertEquals(0, count(StepwiseMetrics.STARTED, "broken"), "a failed first turn starts nothing");
        assertEquals(0, count(StepwiseMetrics.CONFLICTS, "broken"));
        assertEquals(2, purged);
        assertEquals(2, registry.get(StepwiseMetrics.PURGED).counter().count());
    }

    @Test
    void logItemsAreTheStoredOnes() {
        assertTrue(reportedLogItems.get() > 0);
        assertEquals(reportedLogItems.get(), (long) count(StepwiseMetrics.LOG_ITEMS, "quote"));
        assertEquals(0, count(StepwiseMetrics.LOG_ITEMS, "broken"));
    }

    @Test
    void storeOperationsAreTimedByStoreOperationAndOutcome() {
        MeterRegistryAssert.assertThat(registry)
                .hasTimerWithNameAndTags(
                        StepwiseMetrics.STORE,
                        io.micrometer.core.instrument.Tags.of(
                                Tag.of("store", "memory"), Tag.of("operation", "read"), Tag.of("outcome", "ok")));
        assertEquals(
                1,
                registry.get(StepwiseMetrics.STORE)
                        .tags("store", "memory", "operation", "write", "outcome", "conflict")
                        .timer()
                        .count(),
                "exactly the one lost race");
        long writes = registry.get(StepwiseMetrics.STORE)
                .tags("store", "memory", "operation", "write", "outcome", "ok")
                .timer()
                .count();
        assertTrue(writes >= 5, "every saved turn writes: " + writes);
    }

    @Test
    void noTagCarriesASessionId() {
        for (Meter meter : registry.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                assertTrue(
                        !tag.getValue().equals("s1")
                                && !tag.getValue().equals("s2")
                                && !tag.getValue().equals("b1"),
                        meter.getId().toString());
            }
        }
    }
}
