package dev.stepwise.store.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.TcpProxy;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process mongo-java-server (real wire protocol, real driver) and store clients over one
 * collection prefix, each with its own {@link MongoClient}. Clients connect through a {@link TcpProxy}
 * so a test can take the server away and bring it back on the same port with its data kept.
 */
final class MongoFixture implements StoreFixture {

    private static final AtomicInteger RUN = new AtomicInteger();

    private final MemoryBackend backend = new CopyingMemoryBackend();
    private final String prefix = "t" + ProcessHandle.current().pid() + "_" + RUN.incrementAndGet() + "_";
    private final List<MongoClient> clients = new ArrayList<>();
    private final Clock clock;
    private final MongoServer server;
    private final TcpProxy proxy;

    MongoFixture() {
        this(Clock.systemUTC());
    }

    MongoFixture(Clock clock) {
        this.clock = clock;
        server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        proxy = new TcpProxy(address.getPort());
    }

    @Override
    public VersionedStore newClient() {
        return builder().build();
    }

    MongoStore.Builder builder() {
        return MongoStore.builder(client().getDatabase("stepwise"))
                .collectionPrefix(prefix)
                .clock(clock);
    }

    synchronized MongoClient client() {
        return client(null);
    }

    /** A new client; {@code listener} (may be null) sees every command it sends. */
    synchronized MongoClient client(CommandListener listener) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder();
        if (listener != null) {
            settings.addCommandListener(listener);
        }
        MongoClient client = MongoClients.create(settings.applyConnectionString(new ConnectionString(uri()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(1500, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(
                        s -> s.connectTimeout(1000, TimeUnit.MILLISECONDS).readTimeout(3000, TimeUnit.MILLISECONDS))
                .retryWrites(false)
                .retryReads(false)
                .build());
        clients.add(client);
        return client;
    }

    String uri() {
        return "mongodb://127.0.0.1:" + proxy.port();
    }

    String prefix() {
        return prefix;
    }

    /**
     * Takes the server away: every client connection is dropped and the port refuses new ones
     * (clients reach the server through a relay; the data stays).
     */
    void stopServer() {
        proxy.cut();
    }

    /** Brings the server back on the same port with the same data. */
    void startServer() {
        proxy.restore();
    }

    @Override
    public synchronized void close() {
        for (MongoClient client : clients) {
            client.close();
        }
        clients.clear();
        proxy.close();
        server.shutdownNow();
        backend.close();
    }
}
