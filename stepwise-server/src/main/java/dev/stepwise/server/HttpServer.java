package dev.stepwise.server;

import dev.stepwise.server.inspector.Inspector;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streamable HTTP server: MCP at {@code /mcp} (behind {@link AccessFilter}), {@code /healthz},
 * and with {@code --metrics} Prometheus text at {@code /metrics} (behind the same filter).
 * {@link #stop()} stops accepting requests, lets in-flight ones finish within the stop timeout, then
 * closes the MCP server.
 */
final class HttpServer {

    static final String MCP_PATH = "/mcp";
    private static final Duration FINAL_STOP = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /**
     * @param host           the address to bind
     * @param port           the port (0: any free port)
     * @param token          bearer token required on /mcp, or null (only allowed on loopback)
     * @param allowedOrigins browser origins allowed besides loopback ones
     * @param stopTimeout    how long a stop waits for in-flight requests
     */
    record Settings(
            String host,
            int port,
            String token,
            Set<String> allowedOrigins,
            Duration stopTimeout,
            ServingLimits limits,
            McpSessions sessions) {
        Settings {
            allowedOrigins = Set.copyOf(allowedOrigins);
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(sessions, "sessions");
        }

        Settings(String host, int port, String token, Set<String> allowedOrigins, Duration stopTimeout) {
            this(host, port, token, allowedOrigins, stopTimeout, ServingLimits.defaults(), McpSessions.NONE);
        }
    }

    /**
     * Whether MCP transport sessions are kept ({@code --mcp-sessions}) and their bounds.
     *
     * @param enabled     stateful Streamable HTTP (sessions, SSE streams) instead of stateless
     * @param max         live sessions at most
     * @param idleTimeout a session unused this long expires
     */
    record McpSessions(boolean enabled, int max, Duration idleTimeout) {
        static final McpSessions NONE = new McpSessions(false, 1, Duration.ofMinutes(10));

        McpSessions {
            if (max < 1) {
                throw new IllegalArgumentException("--mcp-session-max must be at least 1, not " + max);
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("--mcp-session-idle must be positive, not " + idleTimeout);
            }
        }
    }

    private final Server jetty;
    private final ServerConnector connector;
    private final McpEndpoint mcp;
    private final InFlightRequests inFlight;
    private final Duration stopTimeout;
    private boolean stopped;

    private HttpServer(
            Server jetty, ServerConnector connector, McpEndpoint mcp, InFlightRequests inFlight, Duration stopTimeout) {
        this.jetty = jetty;
        this.connector = connector;
        this.mcp = mcp;
        this.inFlight = inFlight;
        this.stopTimeout = stopTimeout;
    }

    /**
     * Starts serving.
     *
     * @throws IllegalArgumentException when binding a non-loopback address without a token
     * @throws IllegalStateException    when the server cannot start (e.g. the port is taken)
     */
    static HttpServer start(Settings settings, FlowService service) {
        return start(settings, service, true);
    }

    /**
     * Starts serving, with the inspector at {@value Inspector#PATH} unless {@code inspector} is false
     * ({@code --no-inspector}).
     */
    static HttpServer start(Settings settings, FlowService service, boolean inspector) {
        boolean loopback = isLoopback(settings.host());
        if (!loopback && (settings.token() == null || settings.token().isBlank())) {
            throw new IllegalArgumentException(noTokenMessage(settings.host()));
        }
        ServingLimits limits = settings.limits();
        McpSessions sessions = settings.sessions();
        McpPost reader = new McpPost(limits, sessions.enabled());
        McpEndpoint mcp = sessions.enabled() ? stateful(service, reader, sessions) : stateless(service, reader);

        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        threads.setName("stepwise-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        jetty.addConnector(connector);
        jetty.setErrorHandler(new JsonErrorPages());

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.setErrorHandler(new JsonErrorPages());
        ServletHolder mcpHolder = new ServletHolder("mcp", mcp.servlet());
        mcpHolder.setAsyncSupported(true);
        context.addServlet(mcpHolder, MCP_PATH);
        context.addServlet(
                new ServletHolder(
                        "health", new HealthServlet(service.catalog().flows().size())),
                "/healthz");
        FilterHolder access = new FilterHolder(new AccessFilter(loopback, settings.allowedOrigins(), settings.token()));
        access.setAsyncSupported(true);
        context.addFilter(access, MCP_PATH, EnumSet.of(DispatcherType.REQUEST));
        if (service.metrics() != null) {
            context.addServlet(
                    new ServletHolder(
                            "metrics", new MetricsServlet(service.metrics().registry())),
                    MetricsServlet.PATH);
            context.addFilter(access, MetricsServlet.PATH, EnumSet.of(DispatcherType.REQUEST));
        }
        if (inspector) {
            installInspector(context, settings, service, loopback);
        }
        InFlightRequests inFlight = new InFlightRequests(limits.maxConcurrentRequests());
        FilterHolder counting = new FilterHolder(inFlight);
        counting.setAsyncSupported(true);
        context.addFilter(counting, MCP_PATH, EnumSet.of(DispatcherType.REQUEST));
        if (mcp.guard() != null) {
            FilterHolder guard = new FilterHolder(mcp.guard());
            guard.setAsyncSupported(true);
            context.addFilter(guard, MCP_PATH, EnumSet.of(DispatcherType.REQUEST));
        }

        jetty.setHandler(context);
        jetty.setStopTimeout(FINAL_STOP.toMillis());
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            mcp.close().run();
            try {
                jetty.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException(
                    "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        HttpServer server = new HttpServer(jetty, connector, mcp, inFlight, settings.stopTimeout());
        LOG.info(
                "listening url=http://{}:{}{} flows={} auth={} mcpSessions={}",
                hostForUrl(settings.host()),
                server.port(),
                MCP_PATH,
                service.catalog().flows().size(),
                settings.token() == null ? "none" : "bearer",
                sessions.enabled() ? "max " + sessions.max() + ", idle " + sessions.idleTimeout() : "none (stateless)");
        if (inspector) {
            LOG.info("inspector url=http://{}:{}{}/", hostForUrl(settings.host()), server.port(), Inspector.PATH);
        }
        return server;
    }

    /**
     * The inspector: its API behind the same checks as /mcp (Host, Origin, token); its page (which
     * holds no data) behind the Host and Origin checks only, so that it can ask for the token.
     * Changing sessions takes the token, or a loopback bind without one.
     */
    private static void installInspector(
            ServletContextHandler context, Settings settings, FlowService service, boolean loopback) {
        AccessFilter api = new AccessFilter(loopback, settings.allowedOrigins(), settings.token());
        context.addFilter(
                new FilterHolder(new AccessFilter(loopback, settings.allowedOrigins(), null)),
                Inspector.PATH + "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(api), Inspector.API_PATH + "/*", EnumSet.of(DispatcherType.REQUEST));
        Predicate<HttpServletRequest> writable = settings.token() == null
                ? request -> loopback
                : request -> api.authorized(request.getHeader("Authorization"));
        Inspector.install(
                context,
                service.engine(),
                service.liveItems(),
                service.catalog()::widgetHtml,
                writable,
                settings.token() != null);
    }

    /** The MCP servlet, the filter checking requests before it (or null) and how to close its server. */
    private record McpEndpoint(HttpServlet servlet, SessionGuard guard, Runnable closeGracefully, Runnable close) {}

    private static McpEndpoint stateless(FlowService service, McpPost reader) {
        StatelessMcpServlet servlet =
                new StatelessMcpServlet(reader, FlowService.jsonMapper(), service::serves, service::callFlowTool);
        McpStatelessSyncServer server = service.statelessServer(servlet);
        return new McpEndpoint(servlet, null, server::closeGracefully, server::close);
    }

    private static McpEndpoint stateful(FlowService service, McpPost reader, McpSessions sessions) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(FlowService.jsonMapper())
                .mcpEndpoint(MCP_PATH)
                .sessionSweepInterval(sessions.idleTimeout())
                .build();
        McpSyncServer server = service.mcpServer(transport);
        SessionGuard guard = new SessionGuard(reader, sessions.max(), sessions.idleTimeout(), System::nanoTime);
        return new McpEndpoint(transport, guard, server::closeGracefully, server::close);
    }

    int port() {
        return connector.getLocalPort();
    }

    /**
     * Stops gracefully: new calls get 503, in-flight calls finish (up to the stop timeout), then the
     * MCP sessions and their streams close and Jetty stops. Idempotent.
     */
    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        try {
            if (!inFlight.drain(stopTimeout)) {
                LOG.warn(
                        "stopping with {} calls still running after {}s", inFlight.inFlight(), stopTimeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            mcp.closeGracefully().run();
        } catch (RuntimeException e) {
            LOG.warn("MCP sessions did not close cleanly: {}", e.toString());
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        } finally {
            mcp.close().run();
        }
    }

    /** The MCP sessions held live ({@code --mcp-sessions}); 0 when stateless. */
    int liveMcpSessions() {
        return mcp.guard() == null ? 0 : mcp.guard().liveSessions();
    }

    /** Whether a stop began (new calls are refused). */
    boolean stopping() {
        return inFlight.draining();
    }

    void join() throws InterruptedException {
        jetty.join();
    }

    static String noTokenMessage(String host) {
        return "refusing to listen on " + host + " without a token: anyone who can reach it could drive your flows."
                + " Pass --token (or set STEPWISE_TOKEN), or bind --host 127.0.0.1";
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
