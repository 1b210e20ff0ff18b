package dev.stepwise.it.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.it.Figures;
import dev.stepwise.it.Sizes;
import dev.stepwise.it.process.ServerProcess;
import dev.stepwise.it.process.ToolCalls;
import dev.stepwise.it.stores.Backend;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Horizontal scale, proven: three stateless server JVMs on one PostgreSQL (and, separately, one Redis) behind HAProxy
 * (round-robin per request), driven by the official MCP Java SDK client through the balancer.
 * Conversations of {@code insurance_quote} run to completion while one instance is SIGKILLed
 * mid-load and restarted. Each turn carries a requestId, so a turn whose answer was lost in the
 * crash is retried safely; an acknowledged answer must never be lost: every later step must show
 * it, and every conversation must complete with the answers given.
 */
class LoadBalancedScaleTest {

    private static final int SERVERS = 3;
    private static final int CLIENTS = 8;
    private static final String FLOW = "insurance_quote";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"POSTGRESQL", "REDIS"})
    void conversationsCompleteThroughHaproxyWhileAnInstanceIsKilledAndRestarted(Backend backend) throws Exception {
        Haproxy.assumeInstalled();
        int conversations = Sizes.pick(200, 1000);
        try (Backend.Namespace namespace = backend.open(dir)) {
            List<Integer> ports = new ArrayList<>();
            List<ServerProcess> servers = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            List<McpSyncClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < SERVERS; i++) {
                    ports.add(ServerProcess.freePort());
                    servers.add(launch(i, ports.get(i), namespace.uri()));
                }
                servers.forEach(ServerProcess::awaitReady);
                try (Haproxy haproxy = Haproxy.start(dir, ServerProcess.freePort(), ports)) {
                    for (int c = 0; c < CLIENTS; c++) {
                        clients.add(client(haproxy.baseUrl()));
                    }
                    AtomicInteger next = new AtomicInteger();
                    AtomicInteger completed = new AtomicInteger();
                    AtomicLong turns = new AtomicLong();
                    AtomicLong retries = new AtomicLong();
                    Queue<String> failures = new ConcurrentLinkedQueue<>();
                    CountDownLatch quarter = new CountDownLatch(1);
                    long started = System.nanoTime();
                    List<Future<?>> work = new ArrayList<>();
                    for (int c = 0; c < CLIENTS; c++) {
                        McpSyncClient client = clients.get(c);
                        work.add(pool.submit(() -> {
                            for (int n = next.getAndIncrement(); n < conversations; n = next.getAndIncrement()) {
                                Conversation conversation = new Conversation(client, n, turns, retries);
                                String failure = conversation.run();
                                if (failure != null) {
                                    failures.add(failure);
                                }
                                if (completed.incrementAndGet() >= conversations / 4) {
                                    quarter.countDown();
                                }
                            }
                            return null;
                        }));
                    }
                    assertTrue(quarter.await(5, TimeUnit.MINUTES), "a quarter of the conversations completed");
                    long killedAt = System.nanoTime();
                    servers.get(1).jvm().kill();
                    int completedAtKill = completed.get();
                    ServerProcess restarted =
                            launch(1, ports.get(1), namespace.uri()).awaitReady();
                    servers.set(1, restarted);
                    long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                    for (Future<?> f : work) {
                        f.get(10, TimeUnit.MINUTES);
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    Figures.report(
                            "LoadBalancedScaleTest " + backend,
                            String.format(
                                    "3 servers on %s behind HAProxy, %d SDK clients: %d conversations"
                                            + " (%d turns) in %.1f s; instance 1 SIGKILLed after %d conversations,"
                                            + " back in %d ms; %d turns retried; %d conversations failed",
                                    backend,
                                    CLIENTS,
                                    conversations,
                                    turns.get(),
                                    seconds,
                                    completedAtKill,
                                    restartMillis,
                                    retries.get(),
                                    failures.size()));
                    assertTrue(
                            failures.isEmpty(),
                            () -> failures.size() + " conversations lost an answer or" + " did not complete, e.g. "
                                    + failures.peek());
                    assertEquals(conversations, completed.get());
                }
            } finally {
                pool.shutdownNow();
                clients.forEach(McpSyncClient::close);
                servers.forEach(ServerProcess::close);
            }
        }
    }

    private static ServerProcess launch(int index, int port, String storeUri) {
        return ServerProcess.launchOn(port, "scale-" + index, storeUri, InsuranceQuote.class.getName(), Map.of());
    }

    private static McpSyncClient client(String baseUrl) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(baseUrl)
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
        return client;
    }

    /** One conversation: start, contact details, age, plan; each answer checked against the next step. */
    private record Conversation(McpSyncClient client, int n, AtomicLong turns, AtomicLong retries) {

        private static final int MAX_ATTEMPTS = 100;

        /** Null when the conversation completed with every answer kept, else what went wrong. */
        String run() {
            String session = "scale-" + UUID.randomUUID();
            String email = "user" + n + "@example.org";
            int age = 20 + n % 40;
            Map<String, Object> first = turn(Map.of("action", "start", "sessionId", session));
            if (!"interrupt".equals(ToolCalls.status(first))) {
                return session + " start: " + first;
            }
            Map<String, Object> contact = turn(Map.of(
                    "action",
                    "continue",
                    "sessionId",
                    session,
                    "stateUpdates",
                    Map.of("name", "User " + n, "email", email)));
            if (!"age".equals(contact.get("field"))) {
                return session + " after the contact answer: " + contact;
            }
            Map<String, Object> widget =
                    turn(Map.of("action", "continue", "sessionId", session, "stateUpdates", Map.of("age", age)));
            if (!"widget".equals(ToolCalls.status(widget))) {
                return session + " after the age answer: " + widget;
            }
            Map<String, Object> done =
                    turn(Map.of("action", "continue", "sessionId", session, "stateUpdates", Map.of("plan", "basic")));
            if (!"complete".equals(ToolCalls.status(done))) {
                return session + " after the plan answer: " + done;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) done.get("result");
            if (!email.equals(result.get("email")) || !"basic".equals(result.get("plan"))) {
                return session + " completed without its answers: " + done;
            }
            return null;
        }

        /** One turn with its own requestId, retried (same requestId) across crashes and conflicts. */
        private Map<String, Object> turn(Map<String, Object> arguments) {
            Map<String, Object> call = new HashMap<>(arguments);
            call.put("requestId", UUID.randomUUID().toString());
            RuntimeException last = null;
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                if (attempt > 0) {
                    retries.incrementAndGet();
                }
                try {
                    Map<String, Object> answer = ToolCalls.call(client, FLOW, call);
                    if (ToolCalls.code(answer) != null && Boolean.TRUE.equals(answer.get("retryable"))) {
                        continue;
                    }
                    turns.incrementAndGet();
                    return answer;
                } catch (RuntimeException e) {
                    last = e; // the instance died under this request, or the balancer had none left
                }
            }
            throw new AssertionError("turn failed " + MAX_ATTEMPTS + " times: " + call, last);
        }
    }
}
