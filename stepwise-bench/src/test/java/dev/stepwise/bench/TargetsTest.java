package dev.stepwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The targets table judges each target from the run's own figures, and never calls an unmeasured one met. */
class TargetsTest {

    private static final LoadRunner.Warmed WARMED = new LoadRunner.Warmed(1, 300, 0, true);

    @Test
    void aRunWithoutItsSectionsMeasuresNoTarget() {
        List<Targets.Target> targets = Targets.of(new Results());
        assertEquals(6 + Targets.RATIO_STORES.size(), targets.size());
        targets.forEach(t -> assertEquals(Targets.Status.NOT_MEASURED, t.status(), t.toString()));
    }

    @Test
    void aStoreMeetsItsRatioOnlyWhenEveryLevelFromEightUpDoes() {
        Results r = new Results();
        r.stores.add(row("sqlite", 1, 0.50)); // 1 in flight is not part of the target
        r.stores.add(row("sqlite", 8, 0.95));
        r.stores.add(row("sqlite", 32, 0.90)); // the bound itself is met
        r.stores.add(row("sqlite", 64, 1.20));
        r.stores.add(row("redis", 8, 0.95));
        r.stores.add(row("redis", 32, 0.89));
        r.stores.add(row("redis", 64, 0.99));
        r.stores.add(row("memory", 8, 0.10)); // the memory store alone has no target
        assertEquals(Targets.Status.MET, find(r, "sqlite:").status());
        Targets.Target redis = find(r, "redis:");
        assertEquals(Targets.Status.NOT_MET, redis.status());
        assertTrue(redis.measured().contains("0.89") && redis.measured().contains("32"), redis.measured());
        assertEquals(Targets.Status.NOT_MEASURED, find(r, "postgresql:").status());
        Targets.of(r).forEach(t -> assertTrue(!t.target().startsWith("memory:"), t.toString()));
    }

    @Test
    void peerPairsAreJudgedOnTheirMedianRatio() {
        Results r = new Results();
        r.peer.add(peer("stepwise memory vs waniwani MemoryKvStore", 1, 9.0, 11.0, 12.0));
        r.peer.add(peer("stepwise redis vs waniwani ioredis", 32, 1.5, 1.9, 2.5));
        assertEquals(Targets.Status.MET, find(r, "engine in-process").status());
        assertEquals(Targets.Status.NOT_MET, find(r, "Redis at 32").status());
    }

    @Test
    void allocationIdleHeapAndGrowthAreJudgedAgainstTheirBounds() {
        Results r = new Results();
        r.engineThread.add(new EngineThreadCost.Row(5, 1000, Spread.of(3.0, 3.1, 3.2), Spread.of(3001, 3001, 3001)));
        r.memory.add(new MemoryBench.Figure("idle sessions (waiting at the first question)", 1000, 350_000, 350));
        r.memory.add(
                new MemoryBench.Figure("idle sessions, each one more (the second half's growth)", 500, 140_000, 280));
        r.growth.add(new GrowthBench.Point("stored sessions", "memory", 1_000, List.of(measurement(100_000))));
        r.growth.add(new GrowthBench.Point("stored sessions", "memory", 1_000_000, List.of(measurement(91_000))));
        assertEquals(Targets.Status.NOT_MET, find(r, "allocation").status());
        // each further session is what a session costs; the average carries the engine's fixed cache
        assertEquals(Targets.Status.MET, find(r, "idle session").status());
        assertEquals(Targets.Status.MET, find(r, "1,000,000 stored").status());
        r.growth.set(1, new GrowthBench.Point("stored sessions", "memory", 1_000_000, List.of(measurement(89_000))));
        assertEquals(Targets.Status.NOT_MET, find(r, "1,000,000 stored").status());
    }

    @Test
    void theMcpTargetIsWhatTheServerAddsBeyondHttpAndTheEngineAtTheHighestLevel() {
        Results r = new Results();
        r.engineThread.add(new EngineThreadCost.Row(5, 1000, Spread.of(4.0, 4.0, 4.0), Spread.of(4000, 4000, 4000)));
        r.mcp.add(serving(McpBench.CEILING, 1, 60.0));
        r.mcp.add(serving(McpBench.TURN_MEMORY, 1, 200.0)); // judged at the highest level only
        r.mcp.add(serving(McpBench.CEILING, 64, 20.0, 21.0, 22.0));
        r.mcp.add(serving(McpBench.TURN_MEMORY, 64, 28.0, 29.0, 30.0)); // adds 29 - 21 - 4 = 4 µs: the bound
        Targets.Target mcp = find(r, "MCP");
        assertEquals(Targets.Status.MET, mcp.status(), mcp.toString());
        assertTrue(
                mcp.measured().startsWith("4.0 µs added") && mcp.measured().contains("64 in flight"), mcp.measured());

        r.mcp.set(3, serving(McpBench.TURN_MEMORY, 64, 29.1));
        assertEquals(Targets.Status.NOT_MET, find(r, "MCP").status());

        r.mcp.set(2, serving(McpBench.CEILING, 64)); // a platform that does not tell a process's CPU time
        r.mcp.set(0, serving(McpBench.CEILING, 1));
        assertEquals(Targets.Status.NOT_MEASURED, find(r, "MCP").status());
    }

    private static McpBench.Row serving(String target, int inFlight, double... serverCpu) {
        Measurement m = measurement(1000);
        List<Double> cpu = java.util.Arrays.stream(serverCpu).boxed().toList();
        return new McpBench.Row(target, inFlight, List.of(m), List.of(1.0), List.of(), cpu);
    }

    private static Targets.Target find(Results r, String prefix) {
        return Targets.of(r).stream()
                .filter(t -> t.target().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no target " + prefix));
    }

    private static StoreRow row(String store, int inFlight, double ratio) {
        Measurement m = measurement(1000);
        return new StoreRow(store, false, inFlight, List.of(m), List.of(m), List.of(ratio), WARMED, WARMED);
    }

    private static PeerBench.Row peer(String pair, int inFlight, double... ratios) {
        Measurement m = measurement(1000);
        List<Double> list = java.util.Arrays.stream(ratios).boxed().toList();
        return new PeerBench.Row(pair, "peer", inFlight, List.of(m), List.of(m), list, List.of(1.0));
    }

    private static Measurement measurement(double turnsPerSec) {
        return new Measurement(1, 1000, 1.0, turnsPerSec, 10, 20, 5);
    }
}
