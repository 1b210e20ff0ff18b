package dev.stepwise.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The serving section's raw client: what it sends, and how it reads every framing a server may use. */
class HttpConnectionTest {

    @Test
    void postsKeepAliveRequestsToTheCeilingAndReadsItsFixedBody() throws Exception {
        Server server = CeilingServer.start(0);
        try (HttpConnection connection =
                new HttpConnection(((ServerConnector) server.getConnectors()[0]).getLocalPort(), "/mcp")) {
            for (int i = 0; i < 3; i++) { // one connection, several requests
                assertArrayEquals(
                        CeilingServer.BODY,
                        connection.post(
                                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8)));
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void readsChunkedBodiesAndSendsTheHeadersAnMcpServerChecks() throws Exception {
        List<String> request = new ArrayList<>();
        byte[] answer = answerOnce(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n3;x=y\r\n12}\r\n0\r\n\r\n",
                request);
        assertEquals("{\"a\":12}", new String(answer, StandardCharsets.UTF_8));
        assertEquals("POST /mcp HTTP/1.1", request.get(0));
        assertTrue(request.contains("Accept: application/json, text/event-stream"), request.toString());
        assertTrue(request.contains("Content-Type: application/json"), request.toString());
        assertTrue(request.contains("Content-Length: 2"), request.toString());
    }

    @Test
    void aStatusOtherThan200FailsTheCallWithTheStatusAndBody() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> answerOnce(
                        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy", new ArrayList<>()));
        assertEquals("HTTP 503: busy", e.getMessage());
    }

    @Test
    void findsTheStatusOfAStructuredResultButNotOfItsEscapedTextMirror() {
        byte[] needle = "\"status\":\"widget\"".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                -1,
                HttpTurns.indexOf(
                        "{\"text\":\"{\\\"status\\\":\\\"widget\\\"}\"}".getBytes(StandardCharsets.UTF_8), needle));
        String structured = "{\"structuredContent\":{\"status\":\"widget\"}}";
        assertEquals(
                structured.indexOf("\"status"), HttpTurns.indexOf(structured.getBytes(StandardCharsets.UTF_8), needle));
    }

    /** Serves one request with {@code response}; returns what the client read, records the request head. */
    private static byte[] answerOnce(String response, List<String> head) throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket socket = listener.accept()) {
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        head.add(line);
                    }
                    in.read(new char[2]);
                    OutputStream out = socket.getOutputStream();
                    out.write(response.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (HttpConnection connection = new HttpConnection(listener.getLocalPort(), "/mcp")) {
                return connection.post("{}".getBytes(StandardCharsets.UTF_8));
            } finally {
                served.get();
            }
        }
    }
}
