package dev.stepwise.it.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.it.Figures;
import dev.stepwise.it.Sizes;
import dev.stepwise.it.flows.TallyFlow;
import dev.stepwise.it.process.ServerProcess;
import dev.stepwise.it.process.ToolCalls;
import dev.stepwise.it.stores.Backend;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14 across processes: two server JVMs on one store; workers send every request as two
 * concurrent duplicates (one to each server) with the same requestId, through clients that give up
 * after {@value #CLIENT_TIMEOUT_MS} ms and retry the same requestId, switching servers. Every
 * request must be applied exactly once (the stored tally equals the distinct requests) and every
 * copy of a request must get the one answer of its turn ({@link TallyFlow} answers carry the total
 * the turn produced): 0 double executions, 0 lost or foreign answers.
 */
class ExactlyOnceAcrossProcessesTest {

    private static final int SERVERS = 2;
    private static final int WORKERS = 12;
    private static final int SESSIONS = 1;
    private static final int DUPLICATES = 2;
    private static final long CLIENT_TIMEOUT_MS = 60;
    /** Attempts with the impatient clients before a copy waits as long as a normal client does. */
    private static final int IMPATIENT_ATTEMPTS = 20;
    /** A copy still unanswered after this many attempts counts as a lost answer. */
    private static final int MAX_ATTEMPTS = 60;

    @TempDir
    Path dir;

    /** What one copy of a request finally got: its answer, or why it got none. */
    private record Copy(String answer, String failure) {}

    @ParameterizedTest
    @EnumSource(
            value = Backend.class,
            names = {"POSTGRESQL", "REDIS"})
    void duplicatesAndRetriesAfterClientTimeoutsApplyEachRequestOnce(Backend backend) throws Exception {
        int requestsPerWorker = Sizes.pick(10, 40);
        try (Backend.Namespace namespace = backend.open(dir)) {
            List<ServerProcess> servers = new ArrayList<>();
            List<McpSyncClient> clients = new CopyOnWriteArrayList<>();
            ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
            ExecutorService copies = Executors.newFixedThreadPool(WORKERS * DUPLICATES);
            // calls a client gave up on keep running here, as they keep running on the server
            ExecutorService abandoned = Executors.newCachedThreadPool();
            try {
                for (int i = 0; i < SERVERS; i++) {
                    servers.add(ServerProcess.launch(
                            "once-" + backend.label() + "-" + i, namespace.uri(), TallyFlow.class.getName(), Map.of()));
                }
                servers.forEach(ServerProcess::awaitReady);
                List<McpSyncClient> first = new ArrayList<>();
                for (ServerProcess server : servers) {
                    first.add(server.client());
                }
                clients.addAll(first);
                String run = UUID.randomUUID().toString().substring(0, 8);
                List<String> sessions = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    String id = "once-" + run + "-" + i;
                    sessions.add(id);
                    Map<String, Object> started =
                            ToolCalls.call(first.get(0), TallyFlow.ID, Map.of("action", "start", "sessionId", id));
                    assertEquals("interrupt", ToolCalls.status(started), started.toString());
                }
                Map<String, String> sessionOf = new ConcurrentHashMap<>();
                Map<String, List<Copy>> copiesOf = new ConcurrentHashMap<>();
                LongAdder timeouts = new LongAdder();
                LongAdder retryableErrors = new LongAdder();
                List<Future<?>> work = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    List<McpSyncClient> mine = new ArrayList<>();
                    for (ServerProcess server : servers) {
                        McpSyncClient client = server.client();
                        mine.add(client);
                        clients.add(client);
                    }
                    int worker = w;
                    work.add(workers.submit(() -> {
                        for (int n = 0; n < requestsPerWorker; n++) {
                            String session = sessions.get((worker + n) % SESSIONS);
                            String requestId = "r-" + worker + "-" + n + "-" + run;
                            sessionOf.put(requestId, session);
                            Map<String, Object> args = Map.of(
                                    "action",
                                    "continue",
                                    "sessionId",
                                    session,
                                    "requestId",
                                    requestId,
                                    "stateUpdates",
                                    Map.of("add", 1));
                            List<Future<Copy>> sent = new ArrayList<>();
                            for (int d = 0; d < DUPLICATES; d++) {
                                int firstServer = d;
                                sent.add(copies.submit(
                                        () -> send(args, firstServer, mine, abandoned, timeouts, retryableErrors)));
                            }
                            List<Copy> got = new ArrayList<>();
                            for (Future<Copy> f : sent) {
                                got.add(f.get(5, TimeUnit.MINUTES));
                            }
                            copiesOf.put(requestId, got);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get(20, TimeUnit.MINUTES);
                }

                long lost = 0;
                long foreign = 0;
                List<String> examples = new ArrayList<>();
                Map<String, Set<String>> totalsBySession = new ConcurrentHashMap<>();
                Map<String, Long> requestsBySession = new ConcurrentHashMap<>();
                for (Map.Entry<String, List<Copy>> entry : copiesOf.entrySet()) {
                    String session = sessionOf.get(entry.getKey());
                    requestsBySession.merge(session, 1L, Long::sum);
                    Set<String> answers = new HashSet<>();
                    for (Copy copy : entry.getValue()) {
                        if (copy.answer() == null) {
                            lost++;
                            if (examples.size() < 5) {
                                examples.add(entry.getKey() + ": " + copy.failure());
                            }
                        } else {
                            answers.add(copy.answer());
                        }
                    }
                    if (answers.size() > 1) {
                        foreign++;
                        if (examples.size() < 5) {
                            examples.add(entry.getKey() + " answered differently: " + answers);
                        }
                    }
                    for (String answer : answers) {
                        if (!totalsBySession
                                .computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet())
                                .add(answer)) {
                            foreign++;
                            if (examples.size() < 5) {
                                examples.add(entry.getKey() + " got another request's answer: " + answer);
                            }
                        }
                    }
                }
                long doubles = 0;
                long unapplied = 0;
                try (VersionedStore store = StoreProviders.open(namespace.uri())) {
                    FlowEngine engine = FlowEngine.builder()
                            .store(store)
                            .register(TallyFlow.flow())
                            .build();
                    for (String session : sessions) {
                        Long stored = engine.sessions()
                                .state(TallyFlow.ID, session)
                                .orElseThrow()
                                .getLong("total");
                        long total = stored == null ? 0 : stored;
                        long requests = requestsBySession.getOrDefault(session, 0L);
                        doubles += Math.max(0, total - requests);
                        unapplied += Math.max(0, requests - total);
                    }
                }
                Figures.report(
                        "exactly-once " + backend.label(),
                        SERVERS + " server JVMs, " + WORKERS + " workers, " + SESSIONS + " sessions, "
                                + copiesOf.size() + " requests x " + DUPLICATES + " concurrent copies, client timeout "
                                + CLIENT_TIMEOUT_MS + " ms: client timeouts=" + timeouts.sum() + " retryable errors="
                                + retryableErrors.sum() + " double executions=" + doubles + " unapplied=" + unapplied
                                + " lost answers=" + lost + " foreign answers=" + foreign);
                assertEquals((long) WORKERS * requestsPerWorker, copiesOf.size());
                assertEquals(0, doubles, "requests applied twice");
                assertEquals(0, unapplied, "acknowledged requests missing from the tally");
                assertEquals(0, lost, "copies that never got an answer: " + examples);
                assertEquals(0, foreign, "copies answered with another turn's answer: " + examples);
            } finally {
                workers.shutdownNow();
                copies.shutdownNow();
                abandoned.shutdownNow();
                clients.forEach(McpSyncClient::close);
                servers.forEach(ServerProcess::close);
            }
        }
    }

    /**
     * Sends one copy of a request until it gets an answer that is not a retryable error, alternating
     * servers. The first {@value #IMPATIENT_ATTEMPTS} attempts give up after {@value #CLIENT_TIMEOUT_MS}
     * ms, leaving the call running (as a client that timed out does: the server still runs it); later
     * ones wait for their answer.
     */
    private static Copy send(
            Map<String, Object> args,
            int firstServer,
            List<McpSyncClient> clients,
            ExecutorService abandoned,
            LongAdder timeouts,
            LongAdder retryableErrors)
            throws InterruptedException {
        String last = "no attempt";
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            McpSyncClient client = clients.get((firstServer + attempt) % SERVERS);
            Future<Map<String, Object>> call = abandoned.submit(() -> ToolCalls.call(client, TallyFlow.ID, args));
            Map<String, Object> answer;
            try {
                answer = attempt < IMPATIENT_ATTEMPTS
                        ? call.get(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        : call.get(2, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                timeouts.increment();
                last = "client gave up";
                continue;
            } catch (ExecutionException e) {
                last = "call failed: " + e.getCause();
                continue;
            }
            if (ToolCalls.code(answer) == null) {
                return new Copy(String.valueOf(answer.get("context")), null);
            }
            if (!Boolean.TRUE.equals(answer.get("retryable"))) {
                return new Copy(null, "non-retryable error " + answer);
            }
            retryableErrors.increment();
            last = "retryable error " + ToolCalls.code(answer);
        }
        return new Copy(null, "still unanswered after " + MAX_ATTEMPTS + " attempts; last: " + last);
    }
}
