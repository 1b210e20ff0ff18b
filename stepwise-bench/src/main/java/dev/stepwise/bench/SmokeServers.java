package dev.stepwise.bench;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.stepwise.store.dynamodb.DynamoDbStore;
import dev.stepwise.store.mongodb.MongoStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * MongoDB and DynamoDB through the in-process test servers their modules' tests use
 * (mongo-java-server, DynamoDBLocal). They say whether the workload runs on those stores, not how
 * fast the real databases are: results are labelled smoke and have no raw baseline.
 */
final class SmokeServers {

    private SmokeServers() {}

    static Backend mongo(String name) {
        MongoServer server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        MongoStore store = MongoStore.builder(client.getDatabase("stepwise")).build();
        return new Backend(name, true, store, null, () -> {
            client.close();
            server.shutdownNow();
        });
    }

    static Backend dynamo(String name, String prefix) {
        if (System.getProperty("sqlite4java.library.path") == null) {
            System.setProperty("sqlite4java.library.path", "stepwise-bench/target/native-libs");
        }
        int port = freePort();
        // DynamoDBLocal leaves its metadata file in the working directory even in memory
        Path metadata = Path.of("dynamodb-local-metadata.json");
        boolean hadMetadata = Files.exists(metadata);
        DynamoDBProxyServer server;
        try {
            server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", Integer.toString(port)});
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDBLocal did not start (is sqlite4java.library.path set?): " + e, e);
        }
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build();
        DynamoDbStore store =
                DynamoDbStore.builder(client).table(prefix + "sessions").build();
        DynamoDBProxyServer running = server;
        return new Backend(name, true, store, null, () -> {
            client.close();
            running.stop();
            if (!hadMetadata) {
                Files.deleteIfExists(metadata);
            }
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
