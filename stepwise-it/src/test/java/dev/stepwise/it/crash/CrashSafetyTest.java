package dev.stepwise.it.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.SessionPage;
import dev.stepwise.engine.SessionQuery;
import dev.stepwise.flow.State;
import dev.stepwise.it.Figures;
import dev.stepwise.it.Sizes;
import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.it.process.ChildJvm;
import dev.stepwise.it.stores.Backend;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.tck.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ARCHITECTURE §3.1 under SIGKILL: a child JVM drives counter sessions and is killed at a random
 * point, over and over. After every kill each session must be readable and hold every turn the
 * child acknowledged (total >= acknowledged) and nothing it never tried (total <= tried): a turn in
 * flight at the kill may or may not have landed, but never half.
 */
class CrashSafetyTest {

    private static final int SESSIONS = 10;
    private static final int THREADS = 2;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(
            value = Backend.class,
            names = {"FILE", "SQLITE", "POSTGRESQL"})
    void acknowledgedTurnsSurviveSigkill(Backend backend) {
        int kills = Sizes.pick(8, 40);
        Random random = new Random(42);
        String prefix = "crash-" + Long.toHexString(random.nextLong()) + "-";
        Map<String, LongAdder> acked = new ConcurrentHashMap<>();
        Map<String, LongAdder> tried = new ConcurrentHashMap<>();
        AtomicLong sinceStart = new AtomicLong();
        long checked = 0;
        long lost = 0;
        long corrupt = 0;
        try (Backend.Namespace namespace = backend.open(dir)) {
            for (int kill = 0; kill < kills; kill++) {
                sinceStart.set(0);
                long target = 1 + random.nextInt(40);
                ChildJvm child = ChildJvm.start(
                        "crash-" + backend.label() + "-" + kill,
                        Map.of(),
                        line -> {
                            if (line.startsWith("ACK ")) {
                                acked.computeIfAbsent(line.substring(4), k -> new LongAdder())
                                        .increment();
                                sinceStart.incrementAndGet();
                            } else if (line.startsWith("TRY ")) {
                                tried.computeIfAbsent(line.substring(4), k -> new LongAdder())
                                        .increment();
                            }
                        },
                        CrashDriver.class.getName(),
                        namespace.uri(),
                        prefix,
                        String.valueOf(SESSIONS),
                        String.valueOf(THREADS));
                try {
                    Poll.until("the driver acknowledged " + target + " turns", Duration.ofSeconds(120), () -> {
                        if (!child.alive()) {
                            throw new AssertionError("driver exited: " + child.lines() + "\n" + child.log());
                        }
                        return sinceStart.get() >= target;
                    });
                    child.kill();
                } finally {
                    child.close();
                }
                assertTrue(
                        child.lines().stream().noneMatch(l -> l.startsWith("ERR")),
                        () -> String.join("\n", child.lines()));
                try (VersionedStore store = StoreProviders.open(namespace.uri())) {
                    FlowEngine engine = FlowEngine.builder()
                            .store(store)
                            .register(CounterFlow.flow())
                            .build();
                    SessionPage page =
                            engine.sessions().list(SessionQuery.all(100).flow(CounterFlow.ID));
                    corrupt += page.unreadable().size();
                    for (int i = 0; i < SESSIONS; i++) {
                        String session = prefix + i;
                        State state = engine.sessions()
                                .state(CounterFlow.ID, session)
                                .orElseThrow(() -> new AssertionError(session + " is gone after a kill"));
                        Long total = state.getLong("total");
                        long stored = total == null ? 0 : total;
                        long a = count(acked, session);
                        long t = count(tried, session);
                        checked += a;
                        if (stored < a) {
                            lost += a - stored;
                        }
                        assertTrue(stored <= t, session + ": total " + stored + " exceeds the " + t + " turns tried");
                    }
                }
            }
        }
        long total = acked.values().stream().mapToLong(LongAdder::sum).sum();
        Figures.report(
                "crash " + backend.label(),
                "kills=" + kills + " acknowledged turns=" + total
                        + " (acknowledged turns re-checked, cumulative over kills=" + checked + ") lost=" + lost
                        + " corrupt=" + corrupt);
        assertEquals(0, lost, "acknowledged turns lost");
        assertEquals(0, corrupt, "unreadable records");
    }

    private static long count(Map<String, LongAdder> counts, String session) {
        LongAdder adder = counts.get(session);
        return adder == null ? 0 : adder.sum();
    }
}
