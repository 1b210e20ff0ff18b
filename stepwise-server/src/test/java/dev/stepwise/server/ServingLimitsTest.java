package dev.stepwise.server;

import static dev.stepwise.server.RawMcp.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.tck.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Clients cannot take the server's threads: slow bodies are bounded, excess requests shed with 503. */
class ServingLimitsTest {

    private static final int LORIS = 60;

    @Test
    void slowLorisConnectionsDoNotStallHealthz() throws Exception {
        ServingLimits limits = new ServingLimits(
                ServingLimits.DEFAULT_MAX_REQUEST_BYTES,
                64,
                16 * 1024,
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                4,
                0);
        try (TestServer server = TestServer.start("memory:", null, null, limits, HttpServer.McpSessions.NONE)) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < LORIS; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    sockets.add(socket);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Accept: application/json, text/event-stream\r\nContent-Length: 100000\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                // more slow connections than request threads, each trickling a byte
                for (int round = 0; round < 3; round++) {
                    for (Socket socket : sockets) {
                        trickle(socket);
                    }
                    HttpResponse<String> health = RawMcp.get(server.baseUrl() + "/healthz");
                    assertEquals(200, health.statusCode(), "healthz answers while slow clients trickle");
                }
                // the admitted slow bodies are cut at the body timeout: their threads are released
                Poll.until("a trickling client is answered 408", () -> {
                    for (Socket socket : sockets) {
                        trickle(socket);
                        if (socket.getInputStream().available() > 0) {
                            String head = new String(
                                    socket.getInputStream()
                                            .readNBytes(socket.getInputStream().available()),
                                    StandardCharsets.US_ASCII);
                            if (head.startsWith("HTTP/1.1 408")) {
                                return true;
                            }
                        }
                    }
                    return false;
                });
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            // the closed slow clients leave their admission slots as the server reads their end of stream;
            // until then a new call may still be told the server is busy (503), after that it is served
            Poll.until(
                    "the server serves again once the slow clients are gone",
                    () -> RawMcp.post(server.baseUrl(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                                    .statusCode()
                            == 200);
        }
    }

    @Test
    void requestsBeyondTheConcurrencyLimitGet503WithRetryAfter() throws Exception {
        SlowFlow.reset();
        ServingLimits limits = new ServingLimits(
                ServingLimits.DEFAULT_MAX_REQUEST_BYTES,
                64,
                16 * 1024,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                1,
                0);
        try (TestServer server =
                TestServer.start("memory:", SlowFlow.class.getName(), null, limits, HttpServer.McpSessions.NONE)) {
            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawMcp.post(server.baseUrl(), RawMcp.call("slow", "{\"action\":\"start\"}"));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                assertTrue(SlowFlow.entered.await(30, TimeUnit.SECONDS), "the slow turn started");
                HttpResponse<String> shed =
                        RawMcp.post(server.baseUrl(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
                assertError(shed, 503, -32000);
                assertTrue(shed.headers().firstValue("Retry-After").isPresent(), "Retry-After");
                assertEquals(200, RawMcp.get(server.baseUrl() + "/healthz").statusCode(), "healthz is not shed");
            } finally {
                SlowFlow.release.countDown();
            }
            assertEquals(200, slow.get(30, TimeUnit.SECONDS).statusCode(), "the admitted turn completes");
        }
    }

    @Test
    void oversizeHeadersAnswerJson() throws Exception {
        try (TestServer server = TestServer.start("memory:")) {
            HttpResponse<String> response = RawMcp.post(
                    server.baseUrl(),
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                    Map.of("X-Big", "y".repeat(40_000)));
            assertEquals(431, response.statusCode(), response.body());
            RawMcp.assertNoInternals(response.body());
        }
    }

    private static void trickle(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(' ');
            out.flush();
        } catch (IOException closedByServer) {
            // the server dropped a too-slow client: what the limit is for
        }
    }
}
