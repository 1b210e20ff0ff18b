package dev.stepwise.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.List;

/**
 * One Lettuce client and its single multiplexed connection, standalone/Sentinel or Cluster.
 *
 * <p>Options common to both: commands time out after the command timeout; the connection
 * reconnects by itself in the background; while it is disconnected commands are rejected at once
 * ({@code REJECT_COMMANDS}) and commands in flight when it drops fail instead of being replayed
 * after reconnecting, so a write is sent at most once.
 */
final class RedisBackend implements AutoCloseable {

    private final AutoCloseable connection;
    private final Runnable shutdown;
    private final RedisClusterAsyncCommands<byte[], byte[]> async;
    private final boolean cluster;

    private RedisBackend(AutoCloseable connection, Runnable shutdown,
                         RedisClusterAsyncCommands<byte[], byte[]> async, boolean cluster) {
        this.connection = connection;
        this.shutdown = shutdown;
        this.async = async;
        this.cluster = cluster;
    }

    static RedisBackend standalone(RedisURI uri, Duration commandTimeout, Duration connectTimeout) {
        RedisURI copy = RedisURI.builder(uri).withTimeout(commandTimeout).build();
        RedisClient client = RedisClient.create(copy);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .build());
        try {
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            return new RedisBackend(connection, client::shutdown, connection.async(), false);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    static RedisBackend cluster(List<RedisURI> seeds, Duration commandTimeout, Duration connectTimeout) {
        List<RedisURI> copies = seeds.stream()
                .map(seed -> RedisURI.builder(seed).withTimeout(commandTimeout).build()).toList();
        RedisClusterClient client = RedisClusterClient.create(copies);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .maxRedirects(5)
                .build());
        try {
            StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            return new RedisBackend(connection, client::shutdown, connection.async(), true);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    RedisClusterAsyncCommands<byte[], byte[]> async() {
        return async;
    }

    boolean cluster() {
        return cluster;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Redis connection failed", e);
        } finally {
            shutdown.run();
        }
    }
}
