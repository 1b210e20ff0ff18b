package dev.stepwise.bench;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.examples.InsuranceQuote;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Section 3: the workload through {@code stepwise serve} over Streamable HTTP on loopback, driven
 * by the MCP SDK's own client (one client, hence one MCP session, per in-flight worker), on the
 * memory and SQLite stores. The server is the real server jar in its own JVM on the same 2 cores.
 * The in-process engine on the same store kind is measured alternately in the same run, and the
 * ratio MCP/in-process reported. MCP {@code ping} (no Stepwise work at all) is measured beside it: the
 * transport's own cost per request.
 */
final class McpBench {

    static final List<Integer> LEVELS = List.of(1, 8, 32);
    private static final AtomicLong RUN = new AtomicLong();

    /** One store at one level. */
    record Row(
            String store,
            int inFlight,
            List<Measurement> mcp,
            List<Measurement> inProcess,
            List<Double> ratios,
            List<Measurement> ping) {}

    private final Options options;
    private final Backends backends;

    McpBench(Options options, Backends backends) {
        this.options = options;
        this.backends = backends;
    }

    List<Row> run() {
        if (!Files.isRegularFile(options.serverJar())) {
            throw new IllegalStateException("the MCP section needs the server jar " + options.serverJar()
                    + "; build it with ./mvnw -pl stepwise-server -am package -DskipTests (./stepwise bench does)");
        }
        List<Row> rows = new ArrayList<>();
        for (String store : List.of("memory", "sqlite")) {
            Path dir = backends.fresh("mcp-" + store);
            String uri = store.equals("memory") ? "memory:" : "sqlite:" + dir.resolve("mcp.db");
            int port = freePort();
            Process server = startServer(uri, port);
            List<McpSyncClient> clients = new ArrayList<>();
            try (Backend local = backends.open(store)) {
                FlowEngine engine = StoreBench.engine(local);
                String base = "http://127.0.0.1:" + port;
                for (int i = 0; i < LEVELS.get(LEVELS.size() - 1); i++) {
                    clients.add(client(base));
                }
                // the server is a fresh JVM: warm it (and the client) up longer than the in-process engine
                LoadRunner.run(
                        8,
                        options.warmup().multipliedBy(options.quick() ? 2 : 4),
                        Duration.ZERO,
                        w -> new McpSession(clients.get(w), next(w)));
                for (int level : LEVELS) {
                    LoadRunner.run(
                            level, options.warmup(), Duration.ZERO, w -> new McpSession(clients.get(w), next(w)));
                    LoadRunner.run(level, options.warmup(), Duration.ZERO, w -> new QuoteSession(engine, next(w)));
                    List<Measurement> mcp = new ArrayList<>();
                    List<Measurement> in = new ArrayList<>();
                    List<Double> ratios = new ArrayList<>();
                    List<Measurement> pings = new ArrayList<>();
                    for (int rep = 0; rep < options.repetitions(); rep++) {
                        pings.add(LoadRunner.run(level, Duration.ZERO, options.window(), w -> clients.get(w)::ping));
                        Measurement m = LoadRunner.run(
                                level, Duration.ZERO, options.window(), w -> new McpSession(clients.get(w), next(w)));
                        Measurement p = LoadRunner.run(
                                level, Duration.ZERO, options.window(), w -> new QuoteSession(engine, next(w)));
                        mcp.add(m);
                        in.add(p);
                        ratios.add(m.turnsPerSec() / p.turnsPerSec());
                    }
                    Row row = new Row(store, level, mcp, in, ratios, pings);
                    rows.add(row);
                    System.out.printf(
                            "  mcp %-8s %3d in flight: %8.0f turns/s over MCP, %8.0f in-process, ratio %.3f;"
                                    + " MCP ping alone %8.0f/s%n",
                            store,
                            level,
                            Spread.of(mcp, Measurement::turnsPerSec).median(),
                            Spread.of(in, Measurement::turnsPerSec).median(),
                            Spread.of(ratios, Double::doubleValue).median(),
                            Spread.of(pings, Measurement::turnsPerSec).median());
                }
            } finally {
                clients.forEach(McpSyncClient::closeGracefully);
                server.destroy();
                try {
                    server.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Cleanup.deleteTree(dir);
            }
        }
        return rows;
    }

    private static String next(int worker) {
        return "mcp" + RUN.incrementAndGet() + "w" + worker;
    }

    private Process startServer(String storeUri, int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Path log = Files.createTempFile("stepwise-bench-server-", ".log");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
            String extra = System.getenv("STEPWISE_BENCH_SERVER_OPTS"); // e.g. a JFR recording of the server
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of(
                    "-jar",
                    options.serverJar().toString(),
                    "serve",
                    "--port",
                    String.valueOf(port),
                    "--store",
                    storeUri));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!LocalRedisCluster.listening(port)) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            "stepwise serve did not start on port " + port + ": " + Files.readString(log));
                }
                Thread.sleep(50);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static McpSyncClient client(String base) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base)
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        return client;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workload's sessions through one MCP client. */
    private static final class McpSession implements TurnDriver {
        private final McpSyncClient client;
        private final String prefix;
        private long session;
        private int step;
        private String sessionId;

        McpSession(McpSyncClient client, String prefix) {
            this.client = client;
            this.prefix = prefix;
        }

        @Override
        public void turn() {
            if (step == 0) {
                sessionId = prefix + "-" + session++;
            }
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("action", step == 0 ? "start" : "continue");
            args.put("sessionId", sessionId);
            if (step > 0) {
                args.put(
                        "stateUpdates",
                        dev.stepwise.json.Json.mapper().convertValue(QuoteSession.updates(step), Map.class));
            }
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(InsuranceQuote.ID, args));
            Object status = result.structuredContent() instanceof Map<?, ?> m ? m.get("status") : null;
            QuoteSession.check(String.valueOf(status), step, result);
            step = (step + 1) % 4;
        }
    }
}
