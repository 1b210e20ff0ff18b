package dev.stepwise.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stepwise.json.Json;
import dev.stepwise.store.tck.Services;
import dev.stepwise.store.tck.TcpProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /actuator/health} follows the store: up while PostgreSQL answers, down (503) once the
 * connection to it is cut by the conformance kit's proxy.
 */
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.ai.mcp.server.protocol=STREAMABLE", "management.endpoint.health.show-components=always"})
class StoreHealthTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static TcpProxy proxy;

    @DynamicPropertySource
    static void postgresThroughAProxy(DynamicPropertyRegistry registry) {
        Services.assumeListening("PostgreSQL", "127.0.0.1", 5432);
        proxy = new TcpProxy(5432);
        registry.add(
                "stepwise.store.uri",
                () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres&connectTimeout=2");
    }

    @AfterAll
    static void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void healthIsDownWhilePostgresIsUnreachableAndUpAgainAfter() throws Exception {
        assertEquals(200, health().statusCode());
        assertEquals("UP", component(health()));

        proxy.cut();
        HttpResponse<String> down = health();
        assertEquals(503, down.statusCode(), down.body());
        assertEquals("DOWN", component(down));

        proxy.restore();
        // Connections the pool handed out before the cut are dead; the pool drops each one the first
        // time it fails, so the probe may report DOWN a few more times before it reads through a new one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String status = component(health());
        while (!status.equals("UP") && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            status = component(health());
        }
        assertEquals("UP", status);
    }

    private HttpResponse<String> health() throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String component(HttpResponse<String> response) {
        JsonNode body = Json.parse(response.body());
        String status = body.path("components").path("stepwise").path("status").asString();
        return status.isEmpty() ? response.body() : status;
    }
}
