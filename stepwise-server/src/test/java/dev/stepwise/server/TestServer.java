package dev.stepwise.server;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.time.Duration;
import java.util.Set;

/** A real server on a free loopback port over a given store, and SDK clients for it. */
final class TestServer implements AutoCloseable {

    private final FlowService service;
    private final HttpServer http;

    private TestServer(FlowService service, HttpServer http) {
        this.service = service;
        this.http = http;
    }

    static TestServer start(String storeUri) {
        return start(storeUri, null, null);
    }

    static TestServer start(String storeUri, String flows, String token) {
        return start(storeUri, flows, token, ServingLimits.defaults(), HttpServer.McpSessions.NONE);
    }

    static TestServer start(
            String storeUri, String flows, String token, ServingLimits limits, HttpServer.McpSessions sessions) {
        return start(new FlowService(storeUri, null, FlowCatalog.load(flows)), token, limits, sessions);
    }

    /** A server whose engine and flows take {@code serve}'s session, loop and log options. */
    static TestServer start(String storeUri, EngineOverrides overrides) {
        return start(
                new FlowService(storeUri, null, FlowCatalog.load(null), overrides),
                null,
                ServingLimits.defaults(),
                HttpServer.McpSessions.NONE);
    }

    private static TestServer start(
            FlowService service, String token, ServingLimits limits, HttpServer.McpSessions sessions) {
        try {
            HttpServer http = HttpServer.start(
                    new HttpServer.Settings("127.0.0.1", 0, token, Set.of(), Duration.ofSeconds(20), limits, sessions),
                    service);
            return new TestServer(service, http);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    int port() {
        return http.port();
    }

    McpSyncClient client() {
        return client(null);
    }

    McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport.Builder transport =
                HttpClientStreamableHttpTransport.builder(baseUrl()).endpoint(HttpServer.MCP_PATH);
        if (token != null) {
            transport.httpRequestCustomizer(
                    (request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token));
        }
        McpSyncClient client = McpClient.sync(transport.build())
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(30))
                .enableCallToolSchemaCaching(true)
                .build();
        client.initialize();
        return client;
    }

    int liveMcpSessions() {
        return http.liveMcpSessions();
    }

    void stop() {
        http.stop();
    }

    boolean stopping() {
        return http.stopping();
    }

    @Override
    public void close() {
        try {
            http.stop();
        } finally {
            service.close();
        }
    }
}
