package dev.stepwise.server;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.mcp.FlowTools;
import dev.stepwise.store.VersionedStore;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.nio.file.Path;

/** What a server runs, whatever the transport: the store, the engine on it and its MCP tools. */
final class FlowService implements AutoCloseable {

    static final String NAME = "stepwise";
    static final String VERSION = "0.1.0";

    private final VersionedStore store;
    private final FlowCatalog catalog;
    private final FlowTools tools;

    FlowService(String storeUri, Path keyFile, FlowCatalog catalog) {
        this.catalog = catalog;
        this.store = StoreOpener.open(storeUri, keyFile);
        try {
            FlowEngine.Builder builder = FlowEngine.builder().store(store);
            catalog.flows().forEach(builder::register);
            FlowEngine engine = builder.build();
            this.tools = FlowTools.builder(engine).observer(new CallLog()).widgetHtml(catalog::widgetHtml).build();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    FlowCatalog catalog() {
        return catalog;
    }

    static McpJsonMapper jsonMapper() {
        return McpJsonDefaults.getMapper();
    }

    McpSyncServer mcpServer(McpStreamableServerTransportProvider transport) {
        return tools.install(McpServer.sync(transport).serverInfo(NAME, VERSION)).build();
    }

    McpSyncServer mcpServer(McpServerTransportProvider transport) {
        return tools.install(McpServer.sync(transport).serverInfo(NAME, VERSION)).build();
    }

    @Override
    public void close() {
        store.close();
    }
}
