package dev.stepwise.it.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.engine.ErrorCode;
import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.it.Figures;
import dev.stepwise.it.Sizes;
import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.redis.RedisServerProcess;
import dev.stepwise.store.tck.Poll;
import dev.stepwise.store.tck.Services;
import dev.stepwise.store.tck.TcpProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Stores going away under load and coming back. Four workers drive their own counter sessions;
 * the store is cut (PostgreSQL and MariaDB: a {@link TcpProxy} in front of the shared server drops
 * every connection and refuses new ones; Redis: a private redis-server is SIGKILLed), then
 * restored. Every answer must be a success, or {@code STORE_UNAVAILABLE} or {@code IN_PROGRESS} with
 * {@code retryable: true}; each failed call is retried with its requestId, and after recovery every session resumes
 * with its total equal to its acknowledged calls.
 */
class OutageTest {

    private static final int WORKERS = 4;
    private static final int SESSIONS_PER_WORKER = 5;

    /** How to cut and restore one store. */
    private interface Outage {
        void cut();

        void restore();
    }

    @Test
    void postgresqlGoingAwayAnswersRetryableErrorsAndSessionsResume() throws Exception {
        Services.assumeListening("PostgreSQL", "127.0.0.1", 5432);
        String schema =
                "it_out_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        sql("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "CREATE SCHEMA " + schema);
        try (TcpProxy relay = new TcpProxy(5432)) {
            run(
                    "postgresql",
                    "jdbc:postgresql://127.0.0.1:" + relay.port() + "/test?user=postgres&currentSchema=" + schema
                            + "&socketTimeout=5&connectTimeout=2",
                    relayOutage(relay));
        } finally {
            sql("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void mariadbGoingAwayAnswersRetryableErrorsAndSessionsResume() throws Exception {
        Services.assumeListening("MariaDB", "127.0.0.1", 3306);
        String database =
                "it_out_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        sql("jdbc:mariadb://127.0.0.1:3306/test?user=root", "CREATE DATABASE " + database);
        try (TcpProxy relay = new TcpProxy(3306)) {
            run(
                    "mariadb",
                    "jdbc:mariadb://127.0.0.1:" + relay.port() + "/" + database
                            + "?user=root&socketTimeout=5000&connectTimeout=2000",
                    relayOutage(relay));
        } finally {
            sql("jdbc:mariadb://127.0.0.1:3306/test?user=root", "DROP DATABASE " + database);
        }
    }

    @Test
    void redisGoingAwayAnswersRetryableErrorsAndSessionsResume() throws Exception {
        Services.assume("Redis", RedisServerProcess.binary() != null, "redis-server is not on the PATH");
        try (RedisServerProcess redis = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always")) {
            run("redis", redis.uri() + "?timeout=1s", new Outage() {
                @Override
                public void cut() {
                    redis.kill();
                }

                @Override
                public void restore() {
                    redis.launch();
                }
            });
        }
    }

    private static Outage relayOutage(TcpProxy relay) {
        return new Outage() {
            @Override
            public void cut() {
                relay.cut();
            }

            @Override
            public void restore() {
                relay.restore();
            }
        };
    }

    private void run(String label, String uri, Outage outage) throws Exception {
        int outages = Sizes.pick(1, 3);
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        Map<String, LongAdder> acked = new ConcurrentHashMap<>();
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicLong calls = new AtomicLong();
        AtomicLong unavailable = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        String prefix = "out-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try (VersionedStore store = StoreProviders.open(uri)) {
            // A short claim lease: a call whose claim write failed on the client but landed on the server
            // holds its requestId until the lease lapses; the retry then takes it over.
            FlowEngine engine = FlowEngine.builder()
                    .store(store)
                    .register(CounterFlow.flow())
                    .claims(Duration.ofSeconds(2), Duration.ofMillis(200))
                    .build();
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < WORKERS * SESSIONS_PER_WORKER; i++) {
                sessions.add(prefix + i);
                assertEquals(
                        "interrupt",
                        engine.call(FlowCall.start(CounterFlow.ID)
                                        .sessionId(prefix + i)
                                        .build())
                                .status());
                acked.put(prefix + i, new LongAdder());
            }
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                List<String> mine = sessions.subList(w * SESSIONS_PER_WORKER, (w + 1) * SESSIONS_PER_WORKER);
                work.add(pool.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String session = mine.get(n % mine.size());
                        String requestId = UUID.randomUUID().toString();
                        while (true) {
                            calls.incrementAndGet();
                            FlowResponse r = engine.call(FlowCall.resume(CounterFlow.ID, session)
                                    .update("delta", 1)
                                    .requestId(requestId)
                                    .build());
                            if (r instanceof FlowResponse.Failed failed) {
                                errors.computeIfAbsent(failed.code().name(), k -> new LongAdder())
                                        .increment();
                                // retryable answers only: the store is away, or the landed claim of a call
                                // that failed on the client still holds the requestId
                                boolean expected = failed.code() == ErrorCode.STORE_UNAVAILABLE
                                        || failed.code() == ErrorCode.IN_PROGRESS;
                                if (!expected || !failed.retryable()) {
                                    wrong.add(failed.toJson(true).toString());
                                    return null;
                                }
                                unavailable.incrementAndGet();
                                continue;
                            }
                            assertEquals("interrupt", r.status());
                            acked.get(session).increment();
                            break;
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < outages; i++) {
                long before = totalAcked(acked);
                Poll.until(
                        "load is flowing",
                        Duration.ofSeconds(60),
                        () -> totalAcked(acked) >= before + 40 || !wrong.isEmpty());
                long failedBefore = unavailable.get();
                outage.cut();
                Poll.until(
                        "calls fail while the store is away",
                        Duration.ofSeconds(60),
                        () -> unavailable.get() >= failedBefore + WORKERS * 2L || !wrong.isEmpty());
                outage.restore();
                long after = totalAcked(acked);
                Poll.until(
                        "calls succeed again after recovery",
                        Duration.ofSeconds(90),
                        () -> totalAcked(acked) >= after + 40 || !wrong.isEmpty());
            }
            stop.set(true);
            for (Future<?> f : work) {
                f.get(2, TimeUnit.MINUTES);
            }
            assertTrue(
                    wrong.isEmpty(),
                    () -> "answers other than success, retryable STORE_UNAVAILABLE or IN_PROGRESS: " + wrong);
            int resumed = 0;
            for (String session : sessions) {
                calls.incrementAndGet();
                FlowResponse r = engine.call(FlowCall.resume(CounterFlow.ID, session)
                        .update("delta", 1)
                        .build());
                assertEquals("interrupt", r.status(), r.toJson(true).toString());
                acked.get(session).increment();
                assertEquals(
                        acked.get(session).sum(),
                        engine.sessions()
                                .state(CounterFlow.ID, session)
                                .orElseThrow()
                                .getLong("total"),
                        session + ": total equals acknowledged calls");
                resumed++;
            }
            Figures.report(
                    "outage " + label,
                    "outages=" + outages + " calls=" + calls.get() + " acknowledged=" + totalAcked(acked) + " errors="
                            + errors + " sessions resumed=" + resumed + "/" + sessions.size());
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    private static long totalAcked(Map<String, LongAdder> acked) {
        return acked.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static void sql(String url, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
