package dev.stepwise.it.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.it.Figures;
import dev.stepwise.it.Sizes;
import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.it.process.ServerProcess;
import dev.stepwise.it.process.ToolCalls;
import dev.stepwise.it.stores.Backend;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ARCHITECTURE §3.2 across processes: four server JVMs on one store, eight MCP clients hammering
 * the same sessions with continues that each add 1 to a counter. Every acknowledged call must be
 * in the final counters, exactly once: a CONFLICT or STORE_UNAVAILABLE answer is retried with the
 * same requestId, which the engine answers idempotently.
 */
class CrossProcessConcurrencyTest {

    private static final int SERVERS = 4;
    private static final int CLIENTS = 8;
    private static final int SESSIONS = 50;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyAcknowledgedContinueIsCountedExactlyOnce(Backend backend) throws Exception {
        int callsPerClient = Sizes.pick(25, 250);
        try (Backend.Namespace namespace = backend.open(dir)) {
            List<ServerProcess> servers = new ArrayList<>();
            List<McpSyncClient> clients = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                for (int i = 0; i < SERVERS; i++) {
                    servers.add(ServerProcess.launch(
                            "concurrency-" + backend.label() + "-" + i,
                            namespace.uri(),
                            CounterFlow.class.getName(),
                            Map.of()));
                }
                servers.forEach(ServerProcess::awaitReady);
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(servers.get(i % SERVERS).client());
                }
                String run = UUID.randomUUID().toString().substring(0, 8);
                List<String> sessions = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    String id = "c-" + run + "-" + i;
                    sessions.add(id);
                    Map<String, Object> started = ToolCalls.call(
                            clients.get(i % CLIENTS), CounterFlow.ID, Map.of("action", "start", "sessionId", id));
                    assertEquals("interrupt", ToolCalls.status(started), started.toString());
                }
                Map<String, LongAdder> acknowledged = new ConcurrentHashMap<>();
                sessions.forEach(s -> acknowledged.put(s, new LongAdder()));
                AtomicLong retried = new AtomicLong();
                Map<String, LongAdder> retriedByCode = new ConcurrentHashMap<>();
                List<Future<?>> work = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    McpSyncClient client = clients.get(c);
                    Random random = new Random(c * 7919L);
                    work.add(pool.submit(() -> {
                        for (int n = 0; n < callsPerClient; n++) {
                            String session = sessions.get(random.nextInt(SESSIONS));
                            Map<String, Object> args = Map.of(
                                    "action",
                                    "continue",
                                    "sessionId",
                                    session,
                                    "requestId",
                                    UUID.randomUUID().toString(),
                                    "stateUpdates",
                                    Map.of("delta", 1));
                            for (int attempt = 0; ; attempt++) {
                                Map<String, Object> answer = ToolCalls.call(client, CounterFlow.ID, args);
                                String code = ToolCalls.code(answer);
                                if (code == null) {
                                    assertEquals("interrupt", ToolCalls.status(answer), answer.toString());
                                    acknowledged.get(session).increment();
                                    break;
                                }
                                assertTrue(
                                        Boolean.TRUE.equals(answer.get("retryable")),
                                        "only retryable errors under contention: " + answer);
                                assertTrue(attempt < 200, "still failing after 200 retries: " + answer);
                                retried.incrementAndGet();
                                retriedByCode
                                        .computeIfAbsent(code, k -> new LongAdder())
                                        .increment();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get(10, TimeUnit.MINUTES);
                }
                long turns = 0;
                long lost = 0;
                long extra = 0;
                try (VersionedStore store = StoreProviders.open(namespace.uri())) {
                    FlowEngine engine = FlowEngine.builder()
                            .store(store)
                            .register(CounterFlow.flow())
                            .build();
                    for (String session : sessions) {
                        long acked = acknowledged.get(session).sum();
                        Long total = engine.sessions()
                                .state(CounterFlow.ID, session)
                                .orElseThrow()
                                .getLong("total");
                        long stored = total == null ? 0 : total;
                        turns += acked;
                        lost += Math.max(0, acked - stored);
                        extra += Math.max(0, stored - acked);
                    }
                }
                Figures.report(
                        "concurrency " + backend.label(),
                        SERVERS + " server JVMs, " + CLIENTS + " clients, "
                                + SESSIONS + " sessions: turns=" + turns + " retried=" + retried.get() + " "
                                + retriedByCode
                                + " lost=" + lost + " duplicated=" + extra);
                assertEquals((long) CLIENTS * callsPerClient, turns);
                assertEquals(0, lost, "acknowledged turns missing from the counters");
                assertEquals(0, extra, "turns counted twice");
            } finally {
                pool.shutdownNow();
                clients.forEach(McpSyncClient::closeGracefully);
                servers.forEach(ServerProcess::close);
            }
        }
    }
}
