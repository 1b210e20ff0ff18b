package dev.stepwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bsc.langgraph4j.checkpoint.MemorySaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The harness with tiny counts: it drives the real workload and writes what scripts read. No timing asserted. */
class HarnessSmokeTest {

    @TempDir
    Path dir;

    @Test
    void noTurnReadsAndEachWritesOverTheRecordTheEngineSavedExceptTheOnceClaimOfTheLast() {
        List<TurnShape> shapes = TurnShape.capture();
        assertEquals(4, shapes.size());
        assertTrue(shapes.get(0).create());
        shapes.subList(1, 4).forEach(s -> assertFalse(s.create()));
        shapes.subList(0, 3).forEach(s -> assertEquals(1, s.writes().size(), s.describe()));
        // the start, on a session the engine does not know, is a create; a continue runs on the
        // record the engine saved last: no read, each save's compare-and-set confirms it
        shapes.forEach(s -> assertEquals(0, s.reads(), s.describe()));
        // the last turn's ctx.once claims its key in that record (a write) before the save
        TurnShape last = shapes.get(3);
        assertEquals(2, last.writes().size(), last.describe());
        assertEquals(0, last.writes().get(0).itemBytes().length, "the claim appends no item");
        assertEquals(Duration.ofHours(1), last.ttl(), "the completion marker has the completed retention");
    }

    @Test
    void sessionsRunToCompletionWithTheExpectedStatusesOnEveryDriver() throws Exception {
        FlowEngine engine = FlowEngine.builder()
                .store(Backends.memory())
                .register(InsuranceQuote.flow())
                .build();
        List<TurnDriver> drivers = List.of(
                new QuoteSession(engine, "t"),
                new RawTurns(new MemoryRaw(), TurnShape.capture(), "r"),
                new RawTurns(new AesRaw(new MemoryRaw(), new byte[32]), TurnShape.capture(), "a"),
                new RawTurns(new FileRaw(dir.resolve("raw")), TurnShape.capture(), "f"),
                new PeerSession(PeerGraph.compile(new MemorySaver()), "p"));
        for (TurnDriver driver : drivers) {
            for (int i = 0; i < 8; i++) {
                driver.turn();
            }
        }
        assertTrue(engine.sessions().state(InsuranceQuote.ID, "t-0").isEmpty(), "a completed session keeps no state");
    }

    @Test
    void aWarmUpRunsTheLoadInSlicesUntilTheJitIsQuietOrItsCap() {
        int[] turns = {0};
        LoadRunner.Warmed warmed = LoadRunner.warm(1, Duration.ofMillis(20), 3, w -> () -> turns[0]++);
        assertTrue(warmed.slices() >= 1 && warmed.slices() <= 3, warmed.toString());
        assertTrue(warmed.millis() >= 20L * warmed.slices(), warmed.toString());
        // it stops before its cap only on a quiet slice
        assertTrue(warmed.quiet() || warmed.slices() == 3, warmed.toString());
        assertTrue(turns[0] > 0, "the warm-up ran the load");
        assertThrows(IllegalArgumentException.class, () -> LoadRunner.warm(1, Duration.ofMillis(1), 0, w -> () -> {}));
    }

    @Test
    void aWrongStatusFailsTheTurn() {
        assertThrows(IllegalStateException.class, () -> QuoteSession.check("error", 1, "response"));
    }

    @Test
    void resultsJsonHasTheFieldsScriptsCompare() throws Exception {
        Options options = Options.parse(new String[] {"--quick", "--out", dir.toString()});
        Results results = new Results();
        results.shapes.addAll(TurnShape.capture());
        FlowEngine engine = FlowEngine.builder()
                .store(Backends.memory())
                .register(InsuranceQuote.flow())
                .build();
        LoadRunner.Warmed sw = LoadRunner.warm(2, Duration.ofMillis(20), 2, w -> new QuoteSession(engine, "w" + w));
        Measurement s =
                LoadRunner.run(2, Duration.ZERO, Duration.ofMillis(100), w -> new QuoteSession(engine, "s" + w));
        Measurement r = LoadRunner.run(
                2, Duration.ZERO, Duration.ofMillis(100), w -> new RawTurns(new MemoryRaw(), results.shapes, "r" + w));
        assertTrue(s.turns() > 0 && r.turns() > 0);
        results.stores.add(new StoreRow(
                "memory", false, 2, List.of(s), List.of(r), List.of(s.turnsPerSec() / r.turnsPerSec()), sw, sw));
        ResultsJson.write(dir.resolve("results.json"), options, results, Instant.now(), 0.0);
        Plots.write(dir, results);
        JsonNode row = Json.parse(Files.readAllBytes(dir.resolve("results.json")))
                .get("stores")
                .get(0);
        for (String field :
                List.of("store", "inFlight", "turnsPerSec", "rawTurnsPerSec", "ratio", "p50Micros", "p99Micros")) {
            assertTrue(row.hasNonNull(field), field + " in " + row);
        }
        assertEquals(sw.quiet(), row.get("stepwiseWarmup").get("jitQuiet").asBoolean(), row.toString());
        assertEquals(sw.millis(), row.get("rawWarmup").get("millis").asLong(), row.toString());
        assertTrue(Files.size(dir.resolve("throughput.png")) > 0);
    }
}
