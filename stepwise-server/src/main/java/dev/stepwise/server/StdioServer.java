package dev.stepwise.server;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** MCP over stdin/stdout for hosts that launch the server; runs until stdin closes or the JVM stops. */
final class StdioServer {

    private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

    private final McpSyncServer mcp;
    private final CountDownLatch closed = new CountDownLatch(1);

    StdioServer(FlowService service, InputStream in, OutputStream out) {
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return eof(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return eof(super.read(b, off, len));
            }
        };
        this.mcp = service.mcpServer(new StdioServerTransportProvider(FlowService.jsonMapper(), watched, out));
        LOG.info("serving MCP on stdio flows={}", service.catalog().flows().size());
    }

    private int eof(int n) {
        if (n < 0) {
            closed.countDown();
        }
        return n;
    }

    /** Blocks until stdin reaches its end, or {@link #stop()}. */
    void awaitClose() throws InterruptedException {
        closed.await();
    }

    void stop() {
        closed.countDown();
        mcp.closeGracefully();
    }
}
