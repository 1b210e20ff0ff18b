package dev.stepwise.server;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP over stdin/stdout for hosts that launch the server. Runs until the host closes stdin (after
 * answering every request already read) or the JVM stops.
 */
final class StdioServer {

    private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

    private final McpSyncServer mcp;
    private final StdioRequests requests;

    StdioServer(FlowService service, InputStream in, OutputStream out, Duration drainTimeout) {
        this.requests = new StdioRequests(drainTimeout);
        this.mcp = service.mcpServer(
                new StdioServerTransportProvider(FlowService.jsonMapper(), requests.input(in), requests.output(out)));
        LOG.info("serving MCP on stdio flows={}", service.catalog().flows().size());
    }

    /** Blocks until stdin ended and its requests were answered, or {@link #stop()}. */
    void awaitClose() throws InterruptedException {
        requests.awaitEnd();
    }

    void stop() {
        requests.end();
        mcp.closeGracefully();
    }
}
