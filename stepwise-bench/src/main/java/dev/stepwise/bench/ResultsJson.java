package dev.stepwise.bench;

import dev.stepwise.json.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@code results.json}: the machine, the JVM, and every figure with its spread (median, min,
 * max over repetitions). {@code stores[]} has, per store and in-flight level, at least
 * {@code store, inFlight, turnsPerSec, rawTurnsPerSec, ratio, p50Micros, p99Micros}, so scripts can
 * compare runs.
 */
final class ResultsJson {

    private ResultsJson() {}

    static void write(Path file, Options options, Results r, Instant started, double loadBefore) throws IOException {
        ObjectNode root = Json.object();
        root.put("suite", options.quick() ? "quick" : "full");
        root.put("startedAt", started.toString());
        root.put("durationSeconds", (System.currentTimeMillis() - started.toEpochMilli()) / 1000);
        root.put("windowMillis", options.window().toMillis());
        root.put("warmupMaxSlices", options.warmupSlices());
        root.put("warmupQuietJitShare", LoadRunner.QUIET_JIT_SHARE);
        root.put("warmupSliceMillis", options.warmup().toMillis());
        root.put("repetitions", options.repetitions());
        root.set("machine", machine(loadBefore));
        root.set("jvm", jvm());
        ArrayNode shapes = root.putArray("turnShape");
        r.shapes.forEach(s -> shapes.add(s.describe()));
        ObjectNode raw = root.putObject("rawBaselines");
        r.rawBaselines.forEach(raw::put);

        ArrayNode engine = root.putArray("engine");
        for (EngineJmh.Row row : r.engine) {
            ObjectNode n = engine.addObject();
            n.put("store", "memory");
            n.put("threads", row.threads());
            num(n, "turnsPerSec", row.turnsPerSec());
            num(n, "turnsPerSecError99", row.turnsPerSecError());
            num(n, "allocBytesPerTurn", row.bytesPerTurn());
        }
        ArrayNode engineThread = root.putArray("engineThread");
        for (EngineThreadCost.Row row : r.engineThread) {
            ObjectNode n = engineThread.addObject();
            n.put("store", "memory");
            n.put("windows", row.windows());
            n.put("turnsPerWindow", row.turnsPerWindow());
            num(n, "cpuMicrosPerTurn", row.cpuMicrosPerTurn().median());
            spread(n, "cpuMicrosPerTurnSpread", row.cpuMicrosPerTurn());
            num(n, "allocBytesPerTurn", row.bytesPerTurn().median());
            spread(n, "allocBytesPerTurnSpread", row.bytesPerTurn());
        }
        ArrayNode stores = root.putArray("stores");
        for (StoreRow row : r.stores) {
            ObjectNode n = stores.addObject();
            n.put("store", row.store());
            n.put("smoke", row.smoke());
            n.put("inFlight", row.inFlight());
            num(n, "turnsPerSec", row.turnsPerSec().median());
            num(
                    n,
                    "rawTurnsPerSec",
                    row.raw().isEmpty() ? Double.NaN : row.rawTurnsPerSec().median());
            num(n, "ratio", row.ratios().isEmpty() ? Double.NaN : row.ratio().median());
            warmup(n.putObject("stepwiseWarmup"), row.stepwiseWarmup());
            if (row.rawWarmup() != null) {
                warmup(n.putObject("rawWarmup"), row.rawWarmup());
            }
            num(n, "p50Micros", row.p50().median());
            num(n, "p99Micros", row.p99().median());
            num(
                    n,
                    "rawP50Micros",
                    row.raw().isEmpty() ? Double.NaN : row.rawP50().median());
            num(
                    n,
                    "rawP99Micros",
                    row.raw().isEmpty() ? Double.NaN : row.rawP99().median());
            num(n, "cpuMicrosPerTurn", row.cpu().median());
            num(
                    n,
                    "rawCpuMicrosPerTurn",
                    row.raw().isEmpty() ? Double.NaN : row.rawCpu().median());
            spread(n, "turnsPerSecSpread", row.turnsPerSec());
            if (!row.raw().isEmpty()) {
                spread(n, "rawTurnsPerSecSpread", row.rawTurnsPerSec());
                spread(n, "ratioSpread", row.ratio());
            }
            spread(n, "p50MicrosSpread", row.p50());
            spread(n, "p99MicrosSpread", row.p99());
            n.put("repetitions", row.stepwise().size());
        }
        ArrayNode mcp = root.putArray("mcp");
        for (McpBench.Row row : r.mcp) {
            ObjectNode n = mcp.addObject();
            n.put("target", row.target());
            n.put("inFlight", row.inFlight());
            num(
                    n,
                    "requestsPerSec",
                    Spread.of(row.runs(), Measurement::turnsPerSec).median());
            num(n, "p50Micros", Spread.of(row.runs(), Measurement::p50Micros).median());
            num(n, "p99Micros", Spread.of(row.runs(), Measurement::p99Micros).median());
            num(n, "vsCeiling", Spread.of(row.vsCeiling(), Double::doubleValue).median());
            num(n, "vsPeer", Spread.of(row.vsPeer(), Double::doubleValue).median());
            spread(n, "requestsPerSecSpread", Spread.of(row.runs(), Measurement::turnsPerSec));
            spread(n, "vsCeilingSpread", Spread.of(row.vsCeiling(), Double::doubleValue));
            spread(n, "vsPeerSpread", Spread.of(row.vsPeer(), Double::doubleValue));
            num(n, "serverCpuMicrosPerRequest", row.serverCpuMedian());
            spread(n, "serverCpuMicrosPerRequestSpread", Spread.of(row.serverCpuMicros(), Double::doubleValue));
        }
        ArrayNode growth = root.putArray("growth");
        for (GrowthBench.Point p : r.growth) {
            ObjectNode n = growth.addObject();
            n.put("curve", p.curve());
            n.put("store", p.store());
            n.put("size", p.size());
            num(n, "turnsPerSec", p.turnsPerSec().median());
            num(n, "p50Micros", Spread.of(p.runs(), Measurement::p50Micros).median());
            num(n, "p99Micros", Spread.of(p.runs(), Measurement::p99Micros).median());
            num(n, "ratioToSmallest", p.turnsPerSec().median() / smallest(r.growth, p));
            spread(n, "turnsPerSecSpread", p.turnsPerSec());
            num(n, "cpuMicrosPerTurn", p.cpuMicrosPerTurn().median());
            spread(n, "cpuMicrosPerTurnSpread", p.cpuMicrosPerTurn());
        }
        ArrayNode memory = root.putArray("memory");
        for (MemoryBench.Figure f : r.memory) {
            ObjectNode n = memory.addObject();
            n.put("what", f.what());
            n.put("sessions", f.sessions());
            n.put("retainedBytes", f.retainedBytes());
            num(n, "bytesPerSession", f.bytesPerSession());
        }
        ArrayNode targets = root.putArray("targets");
        for (Targets.Target t : Targets.of(r)) {
            ObjectNode n = targets.addObject();
            n.put("target", t.target());
            n.put("measured", t.measured());
            n.put("status", t.status().label);
        }
        ArrayNode peer = root.putArray("peer");
        for (PeerBench.Row row : r.peer) {
            ObjectNode n = peer.addObject();
            n.put("pair", row.pair());
            n.put("inFlight", row.inFlight());
            num(
                    n,
                    "stepwiseTurnsPerSec",
                    Spread.of(row.stepwise(), Measurement::turnsPerSec).median());
            num(
                    n,
                    "peerTurnsPerSec",
                    Spread.of(row.peer(), Measurement::turnsPerSec).median());
            num(n, "ratio", Spread.of(row.ratios(), Double::doubleValue).median());
            num(
                    n,
                    "stepwiseP50Micros",
                    Spread.of(row.stepwise(), Measurement::p50Micros).median());
            num(
                    n,
                    "peerP50Micros",
                    Spread.of(row.peer(), Measurement::p50Micros).median());
            spread(n, "ratioSpread", Spread.of(row.ratios(), Double::doubleValue));
            n.put("peerName", row.peerName());
            spread(n, "stepwiseTurnsPerSecSpread", Spread.of(row.stepwise(), Measurement::turnsPerSec));
            spread(n, "peerTurnsPerSecSpread", Spread.of(row.peer(), Measurement::turnsPerSec));
            num(
                    n,
                    "stepwiseCpuMicrosPerTurn",
                    Spread.of(row.stepwise(), Measurement::cpuMicrosPerTurn).median());
            num(
                    n,
                    "stepwiseProcessCpuMicrosPerTurn",
                    Spread.of(row.stepwiseProcessCpu(), Double::doubleValue).median());
            num(
                    n,
                    "peerCpuMicrosPerTurn",
                    Spread.of(row.peer(), Measurement::cpuMicrosPerTurn).median());
        }
        ArrayNode notes = root.putArray("notes");
        r.notes.forEach(notes::add);
        ArrayNode failures = root.putArray("failures");
        r.failures.forEach(failures::add);
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    static double smallest(List<GrowthBench.Point> points, GrowthBench.Point of) {
        return points.stream()
                .filter(p -> p.curve().equals(of.curve()) && p.store().equals(of.store()))
                .min(Comparator.comparingLong(GrowthBench.Point::size))
                .map(p -> p.turnsPerSec().median())
                .orElse(Double.NaN);
    }

    private static ObjectNode machine(double loadBefore) {
        ObjectNode m = Json.object();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", os.getName() + " " + os.getVersion());
        m.put("arch", os.getArch());
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            m.put("memoryBytes", sun.getTotalMemorySize());
        }
        num(m, "loadAverageAtStart", loadBefore);
        num(m, "loadAverageAtEnd", os.getSystemLoadAverage());
        return m;
    }

    private static ObjectNode jvm() {
        ObjectNode j = Json.object();
        j.put("version", System.getProperty("java.runtime.version"));
        j.put("vendor", System.getProperty("java.vendor"));
        j.put("vm", System.getProperty("java.vm.name"));
        j.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        ArrayNode args = j.putArray("arguments");
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(args::add);
        return j;
    }

    private static void warmup(ObjectNode n, LoadRunner.Warmed warmed) {
        n.put("slices", warmed.slices());
        n.put("millis", warmed.millis());
        n.put("lastSliceJitMillis", warmed.lastJitMillis());
        n.put("jitQuiet", warmed.quiet());
    }

    private static void num(ObjectNode n, String name, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            n.putNull(name);
        } else {
            n.put(name, Math.round(value * 1000) / 1000.0);
        }
    }

    private static void spread(ObjectNode n, String name, Spread s) {
        ObjectNode o = n.putObject(name);
        num(o, "median", s.median());
        num(o, "min", s.min());
        num(o, "max", s.max());
    }
}
