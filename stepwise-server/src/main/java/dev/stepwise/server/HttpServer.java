package dev.stepwise.server;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streamable HTTP server: MCP at {@code /mcp} (behind {@link AccessFilter}), {@code /healthz}.
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
    record Settings(String host, int port, String token, Set<String> allowedOrigins, Duration stopTimeout) {
        Settings {
            allowedOrigins = Set.copyOf(allowedOrigins);
        }
    }

    private final Server jetty;
    private final ServerConnector connector;
    private final McpSyncServer mcp;
    private final InFlightRequests inFlight;
    private final Duration stopTimeout;
    private boolean stopped;

    private HttpServer(Server jetty, ServerConnector connector, McpSyncServer mcp, InFlightRequests inFlight,
                       Duration stopTimeout) {
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
        boolean loopback = isLoopback(settings.host());
        if (!loopback && (settings.token() == null || settings.token().isBlank())) {
            throw new IllegalArgumentException(noTokenMessage(settings.host()));
        }
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(FlowService.jsonMapper())
                .mcpEndpoint(MCP_PATH)
                .build();
        McpSyncServer mcp = service.mcpServer(transport);

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder mcpHolder = new ServletHolder("mcp", transport);
        mcpHolder.setAsyncSupported(true);
        context.addServlet(mcpHolder, MCP_PATH);
        context.addServlet(new ServletHolder("health", new HealthServlet(service.catalog().flows().size())), "/healthz");
        FilterHolder access = new FilterHolder(new AccessFilter(loopback, settings.allowedOrigins(), settings.token()));
        access.setAsyncSupported(true);
        context.addFilter(access, MCP_PATH, EnumSet.of(DispatcherType.REQUEST));
        InFlightRequests inFlight = new InFlightRequests();
        FilterHolder counting = new FilterHolder(inFlight);
        counting.setAsyncSupported(true);
        context.addFilter(counting, MCP_PATH, EnumSet.of(DispatcherType.REQUEST));

        jetty.setHandler(context);
        jetty.setStopTimeout(FINAL_STOP.toMillis());
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            mcp.close();
            try {
                jetty.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        HttpServer server = new HttpServer(jetty, connector, mcp, inFlight, settings.stopTimeout());
        LOG.info("listening url=http://{}:{}{} flows={} auth={}", hostForUrl(settings.host()), server.port(), MCP_PATH,
                service.catalog().flows().size(), settings.token() == null ? "none" : "bearer");
        return server;
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
                LOG.warn("stopping with {} calls still running after {}s", inFlight.inFlight(), stopTimeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            mcp.closeGracefully();
        } catch (RuntimeException e) {
            LOG.warn("MCP sessions did not close cleanly: {}", e.toString());
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        } finally {
            mcp.close();
        }
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
