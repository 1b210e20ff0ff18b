package dev.stepwise.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Section 3: serving, from outside. One raw keep-alive HTTP client ({@link HttpConnection}, a
 * connection per in-flight worker) posts JSON-RPC to servers in processes of their own on the same
 * cores, alternating in each repetition: a minimal Jetty handler answering a fixed body (the ceiling
 * of HTTP on this machine), {@code stepwise serve}'s {@code ping}, an {@code insurance_quote} turn on
 * the memory store and on SQLite, and the same flow in WaniWani's TypeScript SDK server (the peer;
 * skipped with a note when Node.js or npm is missing). Reported: requests/s with spreads, and each
 * figure divided by the ceiling's and by the peer's in the same repetition.
 */
final class McpBench {

    static final List<Integer> LEVELS = List.of(1, 16, 64);
    static final String CEILING = "jetty-ceiling";
    static final String PEER = "waniwani-turn";
    /** A turn on {@code stepwise serve} over the memory store: the MCP target is judged on it. */
    static final String TURN_MEMORY = "stepwise-turn-memory";

    private static final AtomicLong RUN = new AtomicLong();

    /**
     * One target at one level.
     *
     * @param vsCeiling          requests/s over the ceiling's in the same repetition
     * @param vsPeer             requests/s over the peer's in the same repetition (empty without the peer)
     * @param serverCpuMicros    the server process's CPU time per request in each repetition (empty
     *                           where the platform does not tell a process's CPU time)
     */
    record Row(
            String target,
            int inFlight,
            List<Measurement> runs,
            List<Double> vsCeiling,
            List<Double> vsPeer,
            List<Double> serverCpuMicros) {

        /** The median server CPU per request; NaN when not measured. */
        double serverCpuMedian() {
            return Spread.of(serverCpuMicros, Double::doubleValue).median();
        }
    }

    /** A repetition's figures for one target, and its server's CPU time per request. */
    private record Window(Measurement measurement, double serverCpuMicros) {}

    /** A server to post to, and how to drive it. */
    private record Target(String name, ChildServer server, Kind kind) {}

    private enum Kind {
        PING,
        STEPWISE_TURN,
        PEER_TURN
    }

    private final Options options;
    private final Backends backends;
    private final List<String> notes;

    McpBench(Options options, Backends backends, List<String> notes) {
        this.options = options;
        this.backends = backends;
        this.notes = notes;
    }

    List<Row> run() {
        if (!Files.isRegularFile(options.serverJar())) {
            throw new IllegalStateException("the MCP section needs the server jar " + options.serverJar()
                    + "; build it with ./mvnw -pl stepwise-server -am package -DskipTests (./stepwise bench does)");
        }
        Path dir = backends.fresh("mcp-sqlite");
        List<ChildServer> servers = new ArrayList<>();
        try {
            ChildServer ceiling = start(
                    servers,
                    CEILING,
                    List.of(
                            ChildServer.java(),
                            "-Xms256m",
                            "-Xmx256m",
                            ChildServer.PRE_TOUCH,
                            "-cp",
                            System.getProperty("java.class.path"),
                            CeilingServer.class.getName(),
                            "{port}"));
            // bounded as the in-process memory stores are: a full run starts more sessions than the
            // default 100,000, and completed ones stay for their hour of retention
            ChildServer memory =
                    start(servers, "stepwise-memory", serve("memory:?maxRecords=" + Backends.MEMORY_MAX_RECORDS));
            ChildServer sqlite = start(servers, "stepwise-sqlite", serve("sqlite:" + dir.resolve("mcp.db")));
            List<Target> targets = new ArrayList<>(List.of(
                    new Target(CEILING, ceiling, Kind.PING),
                    new Target("stepwise-ping", memory, Kind.PING),
                    new Target(TURN_MEMORY, memory, Kind.STEPWISE_TURN),
                    new Target("stepwise-turn-sqlite", sqlite, Kind.STEPWISE_TURN)));
            ChildServer peer = startPeer(servers);
            if (peer != null) {
                targets.add(new Target(PEER, peer, Kind.PEER_TURN));
            }
            // fresh JVMs and a fresh Node: warm every server up before the first level
            for (Target target : targets) {
                measure(target, 8, options.warmup().multipliedBy(options.quick() ? 2 : 4), Duration.ZERO);
            }
            List<Row> rows = new ArrayList<>();
            for (int level : LEVELS) {
                rows.addAll(level(targets, level));
            }
            return rows;
        } finally {
            servers.forEach(ChildServer::close);
            Cleanup.deleteTree(dir);
        }
    }

    private List<Row> level(List<Target> targets, int level) {
        Map<String, List<Measurement>> runs = new LinkedHashMap<>();
        Map<String, List<Double>> vsCeiling = new LinkedHashMap<>();
        Map<String, List<Double>> vsPeer = new LinkedHashMap<>();
        Map<String, List<Double>> serverCpu = new LinkedHashMap<>();
        for (Target target : targets) {
            runs.put(target.name(), new ArrayList<>());
            vsCeiling.put(target.name(), new ArrayList<>());
            vsPeer.put(target.name(), new ArrayList<>());
            serverCpu.put(target.name(), new ArrayList<>());
            measure(target, level, options.warmup(), Duration.ZERO);
        }
        for (int rep = 0; rep < options.repetitions(); rep++) {
            Map<String, Window> round = new LinkedHashMap<>();
            for (Target target : targets) {
                round.put(target.name(), window(target, level, options.window()));
            }
            double ceiling = round.get(CEILING).measurement().turnsPerSec();
            Window peer = round.get(PEER);
            round.forEach((name, w) -> {
                Measurement m = w.measurement();
                runs.get(name).add(m);
                vsCeiling.get(name).add(m.turnsPerSec() / ceiling);
                if (peer != null) {
                    vsPeer.get(name).add(m.turnsPerSec() / peer.measurement().turnsPerSec());
                }
                if (!Double.isNaN(w.serverCpuMicros())) {
                    serverCpu.get(name).add(w.serverCpuMicros());
                }
            });
        }
        List<Row> rows = new ArrayList<>();
        runs.forEach((name, list) -> {
            Row row = new Row(name, level, list, vsCeiling.get(name), vsPeer.get(name), serverCpu.get(name));
            rows.add(row);
            System.out.printf(
                    "  mcp %-21s %3d in flight: %,9.0f requests/s, p50 %,7.0f µs, %.3f of the ceiling%s%s%n",
                    name,
                    level,
                    Spread.of(list, Measurement::turnsPerSec).median(),
                    Spread.of(list, Measurement::p50Micros).median(),
                    Spread.of(row.vsCeiling(), Double::doubleValue).median(),
                    row.vsPeer().isEmpty()
                            ? ""
                            : String.format(
                                    ", %.2f× the peer",
                                    Spread.of(row.vsPeer(), Double::doubleValue).median()),
                    row.serverCpuMicros().isEmpty()
                            ? ""
                            : String.format(", server CPU %.1f µs/request", row.serverCpuMedian()));
        });
        return rows;
    }

    /** One measured window, with the CPU time the target's server used in it per request. */
    private static Window window(Target target, int level, Duration window) {
        double before = target.server().cpuMicros();
        Measurement measurement = measure(target, level, Duration.ZERO, window);
        double used = target.server().cpuMicros() - before;
        return new Window(measurement, used / measurement.turns());
    }

    /** One closed-loop run against a target over fresh connections. */
    private static Measurement measure(Target target, int level, Duration warmup, Duration window) {
        List<HttpConnection> connections = new ArrayList<>(level);
        try {
            String prefix = "mcp" + RUN.incrementAndGet();
            return LoadRunner.run(level, warmup, window, w -> {
                HttpConnection connection = new HttpConnection(target.server().port, "/mcp");
                synchronized (connections) {
                    connections.add(connection);
                }
                return switch (target.kind()) {
                    case PING -> HttpTurns.ping(connection);
                    case STEPWISE_TURN -> HttpTurns.quote(connection, HttpTurns.Dialect.STEPWISE, prefix + "w" + w);
                    case PEER_TURN -> HttpTurns.quote(connection, HttpTurns.Dialect.WANIWANI, prefix + "w" + w);
                };
            });
        } finally {
            connections.forEach(HttpConnection::close);
        }
    }

    private List<String> serve(String storeUri) {
        List<String> command = new ArrayList<>(List.of(ChildServer.java(), "-Xms1g", "-Xmx1g", ChildServer.PRE_TOUCH));
        String extra = System.getenv("STEPWISE_BENCH_SERVER_OPTS"); // e.g. a JFR recording of the server
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of(
                "-jar",
                options.serverJar().toAbsolutePath().toString(),
                "serve",
                "--port",
                "{port}",
                "--store",
                storeUri));
        return command;
    }

    private static ChildServer start(List<ChildServer> servers, String name, List<String> command) {
        return start(servers, name, command, Path.of("."));
    }

    private static ChildServer start(List<ChildServer> servers, String name, List<String> command, Path dir) {
        ChildServer server = ChildServer.start(name, command, dir);
        servers.add(server);
        return server;
    }

    /** The Node peer ({@link NodePeer}: installed with npm ci on first use); null (with a note) when it cannot run. */
    private ChildServer startPeer(List<ChildServer> servers) {
        NodePeer node = NodePeer.locate("mcp", notes);
        return node == null ? null : start(servers, PEER, node.command("server.mjs", "{port}"), node.dir());
    }
}
