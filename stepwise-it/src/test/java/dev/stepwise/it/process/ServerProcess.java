package dev.stepwise.it.process;

import dev.stepwise.store.tck.Poll;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code stepwise serve} in its own JVM on a free loopback port, and MCP SDK clients for it. */
public final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ChildJvm jvm;
    private final int port;

    private ServerProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /** Starts a server over {@code storeUri} serving {@code flows}, without waiting for it. */
    public static ServerProcess launch(
            String name, String storeUri, String flows, Map<String, String> env, String... extraArgs) {
        return launchOn(freePort(), name, storeUri, flows, env, extraArgs);
    }

    /** Starts a server on a given port (e.g. to restart one behind a load balancer), without waiting for it. */
    public static ServerProcess launchOn(
            int port, String name, String storeUri, String flows, Map<String, String> env, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "serve",
                "--store",
                storeUri,
                "--port",
                String.valueOf(port),
                "--flows",
                flows,
                "--shutdown-timeout",
                "PT2S"));
        args.addAll(List.of(extraArgs));
        return new ServerProcess(
                ChildJvm.start(name, env, null, "dev.stepwise.server.Main", args.toArray(String[]::new)), port);
    }

    /** Waits until /healthz answers 200, or fails with the server's log. */
    public ServerProcess awaitReady() {
        try {
            Poll.until("server on port " + port + " is healthy", Duration.ofSeconds(90), () -> {
                if (!jvm.alive()) {
                    throw new AssertionError("server exited: " + jvm.log());
                }
                try {
                    return HTTP.send(
                                            HttpRequest.newBuilder(URI.create(baseUrl() + "/healthz"))
                                                    .timeout(Duration.ofSeconds(2))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nlog:\n" + jvm.log(), e);
        }
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    /**
     * A client connected to this server. An {@code initialize} the server refused under load (it sheds
     * with 503 when its request limit is reached) is tried again, as a host reconnecting would; the
     * third refusal fails with every cause.
     */
    public McpSyncClient client() {
        RuntimeException failed = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(baseUrl())
                            .endpoint("/mcp")
                            .build())
                    .requestTimeout(Duration.ofSeconds(60))
                    .initializationTimeout(Duration.ofSeconds(60))
                    .build();
            try {
                client.initialize();
                return client;
            } catch (RuntimeException e) {
                client.closeGracefully();
                if (failed == null) {
                    failed = new IllegalStateException("initialize failed on " + baseUrl() + "\nlog:\n" + jvm.log(), e);
                } else {
                    failed.addSuppressed(e);
                }
                System.err.println("initialize on " + baseUrl() + " failed (attempt " + attempt + "): " + causes(e));
            }
        }
        throw failed;
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getClass().getSimpleName())
                    .append(": ")
                    .append(t.getMessage())
                    .append(" <- ");
        }
        return text.toString();
    }

    @Override
    public void close() {
        jvm.close();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
