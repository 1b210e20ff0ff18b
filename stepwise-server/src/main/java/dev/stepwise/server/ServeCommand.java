package dev.stepwise.server;

import dev.stepwise.flowfile.WebhookSettings;
import dev.stepwise.store.StoreProviders;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stepwise serve}: the flows as MCP tools over Streamable HTTP, or stdio. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the flows as MCP tools over Streamable HTTP or stdio.",
            "HTTP listens on http://127.0.0.1:8787/mcp unless --host or --port say otherwise."
        })
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    StoreOptions store;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8787",
            description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(
            names = "--stdio",
            description = "Speak MCP on stdin/stdout instead of HTTP (for hosts that launch the server).")
    boolean stdio;

    @Option(
            names = "--flows",
            paramLabel = "DIR|CLASS[,CLASS...]",
            description = {
                "A directory of jars registering FlowProvider services",
                "(dev.stepwise.flow.FlowProvider) and of flow files (*.yaml, *.yml, *.json; reloaded when they"
                        + " change), or FlowProvider classes (or classes with a static flow() method) on the class"
                        + " path. Default: every FlowProvider on the class path (the bundled examples)."
            })
    String flows;

    @Option(
            names = "--webhook-host",
            paramLabel = "HOST",
            description = "A host the webhook actions of flow files may call (repeatable; * for any). Default: none.")
    List<String> webhookHosts = List.of();

    @Option(
            names = "--token",
            defaultValue = "${env:STEPWISE_TOKEN}",
            description = "Bearer token required on /mcp (default: $STEPWISE_TOKEN). Required off loopback.")
    String token;

    @Option(
            names = "--allowed-origin",
            paramLabel = "ORIGIN",
            description =
                    "A browser Origin to allow besides localhost ones (repeatable), e.g. https://app.example.com.")
    List<String> allowedOrigins = List.of();

    @Option(
            names = "--shutdown-timeout",
            converter = DurationConverter.class,
            defaultValue = "PT20S",
            description =
                    "How long shutdown waits for in-flight calls (e.g. 30s, 5m or ISO-8601; default: ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Option(
            names = "--mcp-sessions",
            description = "Keep MCP transport sessions (stateful Streamable HTTP with SSE streams) for hosts that"
                    + " need server-to-client messages. Default: stateless, so any instance behind a load"
                    + " balancer answers any request.")
    boolean mcpSessions;

    @Option(
            names = "--mcp-session-max",
            defaultValue = "1000",
            description = "With --mcp-sessions: live sessions at most; more initializes get 503 (default:"
                    + " ${DEFAULT-VALUE}).")
    int mcpSessionMax;

    @Option(
            names = "--mcp-session-idle",
            converter = DurationConverter.class,
            defaultValue = "PT10M",
            description = "With --mcp-sessions: a session unused this long expires (e.g. 10m or ISO-8601; default:"
                    + " ${DEFAULT-VALUE}).")
    Duration mcpSessionIdle;

    @Option(
            names = "--max-request-bytes",
            defaultValue = "1048576",
            description = "Largest MCP request body; larger get 413 (default: ${DEFAULT-VALUE}).")
    int maxRequestBytes;

    @Option(
            names = "--max-concurrent-requests",
            defaultValue = "128",
            description = "MCP requests served at once; more get 503 with Retry-After (default: ${DEFAULT-VALUE}).")
    int maxConcurrentRequests;

    @Option(
            names = "--idle-timeout",
            converter = DurationConverter.class,
            defaultValue = "PT30S",
            description =
                    "Close HTTP connections idle this long (e.g. 30s, 5m or ISO-8601; default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @ArgGroup(
            exclusive = false,
            validate = false,
            heading = "%nSessions and logs, for every flow (DURATION: 90s, 15m, 24h, 7d or PT24H):%n")
    EngineOptions engineOptions;

    /** The session, loop and log settings the options set (checked), or none. */
    EngineOverrides engineOverrides() {
        return engineOptions == null ? EngineOverrides.NONE : engineOptions.overrides();
    }

    @Option(
            names = "--metrics",
            description = "Serve Prometheus metrics at /metrics (flow calls, conflicts, store latency, JVM), with"
                    + " the same access rules as /mcp (token, host, origin). See docs/operations.md.")
    boolean metrics;

    @Option(
            names = "--no-inspector",
            description = "Do not serve the inspector (the web UI at /inspector and its API at /inspector/api).")
    boolean noInspector;

    @Override
    public Integer call() throws Exception {
        EngineOverrides overrides = engineOverrides();
        if (token != null && token.isBlank()) {
            token = null;
        }
        ServingLimits limits = ServingLimits.of(maxRequestBytes, maxConcurrentRequests, idleTimeout);
        HttpServer.McpSessions sessions = new HttpServer.McpSessions(mcpSessions, mcpSessionMax, mcpSessionIdle);
        if (!stdio && token == null && !HttpServer.isLoopback(host)) {
            throw new IllegalArgumentException(HttpServer.noTokenMessage(host));
        }
        if (metrics && stdio) {
            throw new IllegalArgumentException("--metrics serves /metrics over HTTP: drop --stdio or --metrics");
        }
        FlowCatalog catalog =
                FlowCatalog.load(flows, WebhookSettings.none().allowing(webhookHosts.toArray(String[]::new)));
        try (FlowService service =
                new FlowService(store.uri, store.keyFile, catalog, overrides, metrics, Duration.ofSeconds(1))) {
            LOG.info("store={} encrypted={}", StoreProviders.redact(store.uri), store.keyFile != null);
            return stdio ? serveStdio(service) : serveHttp(service, limits, sessions);
        }
    }

    private int serveHttp(FlowService service, ServingLimits limits, HttpServer.McpSessions sessions)
            throws InterruptedException {
        HttpServer server = HttpServer.start(
                new HttpServer.Settings(
                        host, port, token, new LinkedHashSet<>(allowedOrigins), shutdownTimeout, limits, sessions),
                service,
                !noInspector);
        Thread hook = new Thread(
                () -> {
                    LOG.info("shutting down: finishing in-flight calls (up to {}s)", shutdownTimeout.toSeconds());
                    server.stop();
                },
                "stepwise-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.join();
        return 0;
    }

    private int serveStdio(FlowService service) throws InterruptedException {
        PrintStream protocol = System.out;
        System.setOut(System.err); // stdout carries the protocol only; stray prints go to stderr
        StdioServer server = new StdioServer(service, System.in, protocol, shutdownTimeout);
        Thread hook = new Thread(server::stop, "stepwise-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.awaitClose();
        server.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            LOG.debug("JVM already shutting down");
        }
        return 0;
    }
}
