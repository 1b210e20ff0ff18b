package dev.stepwise.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured, filled in section by section. */
final class Results {
    final List<TurnShape> shapes = new ArrayList<>();
    final Map<String, String> rawBaselines = new LinkedHashMap<>();
    final List<EngineJmh.Row> engine = new ArrayList<>();
    final List<EngineThreadCost.Row> engineThread = new ArrayList<>();
    final List<StoreRow> stores = new ArrayList<>();
    final List<McpBench.Row> mcp = new ArrayList<>();
    final List<GrowthBench.Point> growth = new ArrayList<>();
    final List<MemoryBench.Figure> memory = new ArrayList<>();
    final List<PeerBench.Row> peer = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    /** What a section skipped and why (a missing optional peer, say). */
    final List<String> notes = new ArrayList<>();
}
