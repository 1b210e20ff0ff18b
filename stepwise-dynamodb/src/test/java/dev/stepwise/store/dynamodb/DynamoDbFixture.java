package dev.stepwise.store.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.tck.StoreFixture;
import dev.stepwise.store.tck.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * One DynamoDBLocal server (in memory, started once per JVM) and, per fixture, its own table and
 * independent SDK v2 clients, each with its own HTTP connection pool. Clients reach the server
 * through a {@link TcpProxy} so a test can take the backend away and bring it back with its data.
 */
final class DynamoDbFixture implements StoreFixture {

    private static final AtomicInteger RUN = new AtomicInteger();
    private static int serverPort;

    private final String table = "t" + ProcessHandle.current().pid() + "_" + RUN.incrementAndGet();
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private final TcpProxy proxy;
    private final Clock clock;

    DynamoDbFixture() {
        this(Clock.systemUTC());
    }

    DynamoDbFixture(Clock clock) {
        this.clock = clock;
        this.proxy = new TcpProxy(server());
    }

    private static synchronized int server() {
        if (serverPort == 0) {
            int port = freePort();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-port", Integer.toString(port)});
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDBLocal did not start (is sqlite4java.library.path set?)", e);
            }
            serverPort = port;
        }
        return serverPort;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public VersionedStore newClient() {
        return builder().build();
    }

    @Override
    public int maxValueBytes() {
        return DynamoDbStore.MAX_VALUE_BYTES;
    }

    DynamoDbStore.Builder builder() {
        return DynamoDbStore.builder(client()).table(table).clock(clock);
    }

    String table() {
        return table;
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.port();
    }

    synchronized DynamoDbClient client() {
        return client(null);
    }

    /** A new client; {@code interceptor} (may be null) sees every call it makes. */
    synchronized DynamoDbClient client(ExecutionInterceptor interceptor) {
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(c -> {
                    c.apiCallTimeout(Duration.ofSeconds(10)).retryStrategy(AwsRetryStrategy.doNotRetry());
                    if (interceptor != null) {
                        c.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
        clients.add(client);
        return client;
    }

    void stopServer() {
        proxy.cut();
    }

    void startServer() {
        proxy.restore();
    }

    @Override
    public synchronized void close() {
        proxy.restore();
        try (DynamoDbClient admin = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + serverPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
            admin.deleteTable(r -> r.tableName(table));
        } catch (ResourceNotFoundException e) {
            // the test never created it
        }
        for (DynamoDbClient client : clients) {
            client.close();
        }
        clients.clear();
        proxy.close();
    }
}
