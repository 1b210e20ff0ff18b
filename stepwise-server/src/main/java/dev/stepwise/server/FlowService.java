package dev.stepwise.server;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.mcp.FlowToolResult;
import dev.stepwise.mcp.FlowTools;
import dev.stepwise.server.inspector.LiveItems;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.memory.MemoryStoreProvider;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

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
    private final ServerMetrics metrics;
    private final EngineOverrides overrides;
    private final String storeName;
    private final LiveItems live = new LiveItems();
    private final AtomicReference<FlowEngine> engine = new AtomicReference<>();
    private final List<ToolSink> sinks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watcher;
    private volatile FlowTools tools;

    FlowService(String storeUri, Path keyFile, FlowCatalog catalog) {
        this(storeUri, keyFile, catalog, EngineOverrides.NONE, false, Duration.ofSeconds(1));
    }

    FlowService(String storeUri, Path keyFile, FlowCatalog catalog, EngineOverrides overrides) {
        this(storeUri, keyFile, catalog, overrides, false, Duration.ofSeconds(1));
    }

    FlowService(String storeUri, Path keyFile, FlowCatalog catalog, boolean metrics) {
        this(storeUri, keyFile, catalog, EngineOverrides.NONE, metrics, Duration.ofSeconds(1));
    }

    FlowService(String storeUri, Path keyFile, FlowCatalog catalog, Duration rescan) {
        this(storeUri, keyFile, catalog, EngineOverrides.NONE, false, rescan);
    }

    /**
     * @param overrides serve's session, loop and log settings, applied to every flow
     * @param metrics   whether the engine records meters for {@code /metrics} ({@code serve --metrics})
     * @param rescan    how often flow files are checked for changes (when the catalog has any); null:
     *     only when {@link #reload()} is called
     */
    FlowService(
            String storeUri,
            Path keyFile,
            FlowCatalog catalog,
            EngineOverrides overrides,
            boolean metrics,
            Duration rescan) {
        this.overrides = overrides;
        this.storeName = ServerMetrics.storeName(storeUri);
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
            engine.set(engineFor(catalog));
            this.tools = toolsFor(engine.get());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        if (catalog.reloadable() && rescan != null) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "stepwise-flow-files");
                thread.setDaemon(true);
                return thread;
            });
            watcher.scheduleWithFixedDelay(
                    this::reloadQuietly, rescan.toMillis(), rescan.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            watcher = null;
        }
    }

    private FlowEngine engineFor(FlowCatalog flows) {
        // the inspector's timeline shows the transient items (state changes) of the turns run here
        FlowEngine.Builder builder = FlowEngine.builder().store(store).listener(live);
        overrides.applyTo(builder);
        if (metrics != null) {
            builder.observer(metrics.observer()).storeName(storeName);
        }
        flows.register(builder, overrides::apply);
        return builder.build();
    }

    private FlowTools toolsFor(FlowEngine current) {
        return FlowTools.builder(current)
                .calls(engine::get)
                .observer(new CallLog())
                .widgetHtml(catalog::widgetHtml)
                .build();
    }

    /**
     * Loads the flow files that changed and, if any did, swaps in an engine with every version:
     * calls already running finish on the engine they started with, sessions started on an older
     * version go on with it, and new sessions start on the newest. Tool definitions that changed
     * are republished. A file with problems is refused (logged with file:line:col) and its flows
     * keep serving as they were.
     *
     * @return the problems of the files refused by this scan
     */
    synchronized List<String> reload() {
        FlowFileFolder.Scan scan = catalog.rescan();
        scan.refused().forEach(problem -> LOG.warn("flow file refused, previous version kept: {}", problem));
        if (!scan.changed()) {
            return scan.refused();
        }
        FlowEngine next = engineFor(catalog);
        FlowTools nextTools = toolsFor(next);
        FlowTools previous = tools;
        engine.set(next);
        tools = nextTools;
        for (ToolSink sink : sinks) {
            sink.publish(previous, nextTools);
        }
        LOG.info(
                "flow files reloaded: {}",
                String.join(
                        ", ",
                        catalog.flows().stream()
                                .map(f -> f.id() + "@" + f.version())
                                .toList()));
        return scan.refused();
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.error("reloading flow files failed; the flows served stay as they were", e);
        }
    }

    /** Whether {@code tool} names a tool this service publishes (flow or widget). */
    boolean serves(String tool) {
        return tools.statelessTools().stream().anyMatch(t -> t.tool().name().equals(tool));
    }

    /**
     * Calls a flow tool of the current flows on the request's JSON trees (see {@link
     * FlowTools#callFlowTool}); null when {@code name} is not a current flow's tool.
     */
    FlowToolResult callFlowTool(String name, JsonNode arguments, JsonNode meta) {
        return tools.callFlowTool(name, arguments, meta);
    }

    /** The engine new calls run on (it changes when flow files are reloaded). */
    FlowEngine engine() {
        return engine.get();
    }

    FlowCatalog catalog() {
        return catalog;
    }

    /** The meters served at {@code /metrics}, or null without {@code --metrics}. */
    ServerMetrics metrics() {
        return metrics;
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
        if (sdk instanceof JacksonMcpJsonMapper jackson) {
            return new JacksonMcpJsonMapper(jackson.getJsonMapper()
                    .rebuild()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build());
        }
        throw new IllegalStateException("the MCP SDK's JSON mapper is "
                + sdk.getClass().getName() + "; stepwise-server needs mcp-json-jackson3 on the class path");
    }

    McpSyncServer mcpServer(McpStreamableServerTransportProvider transport) {
        McpSyncServer server = tools.install(McpServer.sync(transport).serverInfo(NAME, VERSION))
                .build();
        sinks.add(ToolSink.of(server));
        return server;
    }

    /**
     * The stateless server: handlers run on the transport's (container) thread, which already is a
     * blocking request thread, so a call costs no hand-off to the SDK's worker pool.
     */
    McpStatelessSyncServer statelessServer(McpStatelessServerTransport transport) {
        McpStatelessSyncServer server = tools.install(McpServer.sync(transport).serverInfo(NAME, VERSION))
                .jsonMapper(STRICT_MAPPER)
                .immediateExecution(true)
                .build();
        sinks.add(ToolSink.of(server));
        return server;
    }

    McpSyncServer mcpServer(McpServerTransportProvider transport) {
        McpSyncServer server = tools.install(McpServer.sync(transport).serverInfo(NAME, VERSION))
                .build();
        sinks.add(ToolSink.of(server));
        return server;
    }

    @Override
    public void close() {
        try {
            if (watcher != null) {
                watcher.shutdownNow();
            }
            store.close();
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
