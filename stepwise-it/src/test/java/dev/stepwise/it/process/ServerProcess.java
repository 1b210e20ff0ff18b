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

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ChildJvm jvm;
    private final int port;

    private ServerProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /** Starts a server over {@code storeUri} serving {@code flows}, without waiting for it. */
    public static ServerProcess launch(String name, String storeUri, String flows, Map<String, String> env,
                                       String... extraArgs) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("serve", "--store", storeUri, "--port", String.valueOf(port),
                "--flows", flows, "--shutdown-timeout", "PT2S"));
        args.addAll(List.of(extraArgs));
        return new ServerProcess(ChildJvm.start(name, env, null, "dev.stepwise.server.Main", args.toArray(String[]::new)), port);
    }

    /** Waits until /healthz answers 200, or fails with the server's log. */
    public ServerProcess awaitReady() {
        try {
            Poll.until("server on port " + port + " is healthy", Duration.ofSeconds(90), () -> {
                if (!jvm.alive()) {
                    throw new AssertionError("server exited: " + jvm.log());
                }
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/healthz"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
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

    public McpSyncClient client() {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
        return client;
    }

    @Override
    public void close() {
        jvm.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
