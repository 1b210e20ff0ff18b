package dev.stepwise.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The MCP section's ceiling: the Jetty 12 that {@code stepwise serve} runs on, with a handler that
 * reads the request body and answers a fixed JSON-RPC result with a Content-Length: what HTTP alone
 * costs on this machine. Run in its own JVM ({@code main(port)}), like the servers it is compared to;
 * prints {@code listening PORT} once it serves.
 */
final class CeilingServer {

    static final byte[] BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}".getBytes(StandardCharsets.UTF_8);

    private CeilingServer() {}

    static Server start(int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.consumeAll(
                        request,
                        Callback.from(
                                () -> {
                                    response.setStatus(200);
                                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
                                    response.write(true, ByteBuffer.wrap(BODY), callback);
                                },
                                callback::failed));
                return true;
            }
        });
        server.start();
        return server;
    }

    public static void main(String[] args) throws Exception {
        Server server = start(Integer.parseInt(args[0]));
        System.out.println("listening " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
        System.out.flush();
        // exit with the JVM that started us: it holds our stdin
        while (System.in.read() >= 0) {
            // ignore input
        }
        server.stop();
    }
}
