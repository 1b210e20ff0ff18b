package dev.stepwise.server;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.mcp.FlowTools;
import dev.stepwise.server.inspector.LiveItems;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.memory.MemoryStoreProvider;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;

/** What a server runs, whatever the transport: the store, the engine on it and its MCP tools. */
final class FlowService implements AutoCloseable {

    static final String NAME = "stepwise";
    static final String VERSION = "0.1.0";

    /** Logged at start on a {@code memory:} store, whose sessions end with the process. */
    static final String MEMORY_STORE_WARNING = "store=memory: keeps sessions in this process only: they are lost"
            + " when the server stops or restarts, and other instances cannot see them; use --store sqlite:FILE"
            + " (or another persistent store, see docs/stores.md) to keep them";

    private static final Logger LOG = LoggerFactory.getLogger(FlowService.class);

    private final VersionedStore store;
    private final FlowCatalog catalog;
    private final FlowTools tools;
    private final ServerMetrics metrics;
    private final FlowEngine engine;
    private final LiveItems live = new LiveItems();

    FlowService(String storeUri, Path keyFile, FlowCatalog catalog) {
        this(storeUri, keyFile, catalog, EngineOverrides.NONE, false);
    }

    FlowService(String storeUri, Path keyFile, FlowCatalog catalog, EngineOverrides overrides) {
        this(storeUri, keyFile, catalog, overrides, false);
    }

    FlowService(String storeUri, Path keyFile, FlowCatalog catalog, boolean metrics) {
        this(storeUri, keyFile, catalog, EngineOverrides.NONE, metrics);
    }

    /** @param metrics whether the engine records meters for {@code /metrics} ({@code serve --metrics}) */
    FlowService(String storeUri, Path keyFile, FlowCatalog catalog, EngineOverrides overrides, boolean metrics) {
        this.catalog = catalog;
        this.metrics = metrics ? new ServerMetrics() : null;
        this.store = StoreOpener.open(storeUri, keyFile);
        try {
            if (new MemoryStoreProvider().accepts(storeUri)) {
                LOG.warn(MEMORY_STORE_WARNING);
            }
            if (!overrides.describe().isEmpty()) {
                LOG.info("for every flow: {}", overrides.describe());
            }
            // the inspector's timeline shows the transient items (state changes) of the turns run here
            FlowEngine.Builder builder = FlowEngine.builder().store(store).listener(live);
            overrides.applyTo(builder);
            if (this.metrics != null) {
                builder.observer(this.metrics.observer()).storeName(ServerMetrics.storeName(storeUri));
            }
            catalog.flows().forEach(flow -> builder.register(overrides.apply(flow)));
            this.engine = builder.build();
            this.tools = FlowTools.builder(engine)
                    .observer(new CallLog())
                    .widgetHtml(catalog::widgetHtml)
                    .build();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    FlowCatalog catalog() {
        return catalog;
    }

    /** The meters served at {@code /metrics}, or null without {@code --metrics}. */
    ServerMetrics metrics() {
        return metrics;
    }

    FlowEngine engine() {
        return engine;
    }

    LiveItems liveItems() {
        return live;
    }

    private static final McpJsonMapper STRICT_MAPPER = strict(McpJsonDefaults.getMapper());

    /**
     * The SDK's JSON mapper made as strict as {@code dev.stepwise.json.Json} where it matters for
     * tool arguments: duplicate keys are refused (else {@code {"action":"continue","action":"cancel"}}
     * would run whichever the parser keeps), and decimals stay exact BigDecimals (else
     * {@code 1e999999999} arrives as an infinite double and 0.1-style answers lose digits).
     */
    static McpJsonMapper jsonMapper() {
        return STRICT_MAPPER;
    }

    static McpJsonMapper strict(McpJsonMapper sdk) {
        if (sdk instanceof io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper jackson) {
            return new io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper(jackson.getJsonMapper()
                    .rebuild()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build());
        }
        throw new IllegalStateException("the MCP SDK's JSON mapper is "
                + sdk.getClass().getName() + "; stepwise-server needs mcp-json-jackson3 on the class path");
    }

    McpSyncServer mcpServer(McpStreamableServerTransportProvider transport) {
        return tools.install(McpServer.sync(transport).serverInfo(NAME, VERSION))
                .build();
    }

    /**
     * The stateless server: handlers run on the transport's (container) thread, which already is a
     * blocking request thread, so a call costs no hand-off to the SDK's worker pool.
     */
    McpStatelessSyncServer statelessServer(McpStatelessServerTransport transport) {
        return tools.install(McpServer.sync(transport).serverInfo(NAME, VERSION))
                .jsonMapper(STRICT_MAPPER)
                .immediateExecution(true)
                .build();
    }

    McpSyncServer mcpServer(McpServerTransportProvider transport) {
        return tools.install(McpServer.sync(transport).serverInfo(NAME, VERSION))
                .build();
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
