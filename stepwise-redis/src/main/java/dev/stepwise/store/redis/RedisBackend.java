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
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce client and its single multiplexed connection, standalone/Sentinel or Cluster.
 *
 * <p>Options common to both: commands time out after the command timeout (TimeoutOptions, which
 * take precedence over a timeout given in the URI); the connection
 * reconnects by itself in the background; while it is disconnected commands are rejected at once
 * ({@code REJECT_COMMANDS}) and commands in flight when it drops fail instead of being replayed
 * after reconnecting, so a write is sent at most once. Reconnect attempts back off exponentially
 * from 10 ms to at most {@value #MAX_RECONNECT_DELAY_SECONDS} s, so the store works again within a
 * few seconds of Redis coming back.
 */
final class RedisBackend implements AutoCloseable {

    static final int MAX_RECONNECT_DELAY_SECONDS = 2;

    private final AutoCloseable connection;
    private final Runnable shutdown;
    private final RedisClusterAsyncCommands<byte[], byte[]> async;
    private final boolean cluster;

    private RedisBackend(
            AutoCloseable connection,
            Runnable shutdown,
            RedisClusterAsyncCommands<byte[], byte[]> async,
            boolean cluster) {
        this.connection = connection;
        this.shutdown = shutdown;
        this.async = async;
        this.cluster = cluster;
    }

    static RedisBackend standalone(RedisURI uri, Duration commandTimeout, Duration connectTimeout) {
        ClientResources resources = resources();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(connectTimeout)
                        .keepAlive(true)
                        .build())
                .build());
        try {
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            return new RedisBackend(connection, () -> shutdown(client::shutdown, resources), connection.async(), false);
        } catch (RuntimeException e) {
            shutdown(client::shutdown, resources);
            throw e;
        }
    }

    static RedisBackend cluster(List<RedisURI> seeds, Duration commandTimeout, Duration connectTimeout) {
        ClientResources resources = resources();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(connectTimeout)
                        .keepAlive(true)
                        .build())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .maxRedirects(5)
                .build());
        try {
            StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
            return new RedisBackend(connection, () -> shutdown(client::shutdown, resources), connection.async(), true);
        } catch (RuntimeException e) {
            shutdown(client::shutdown, resources);
            throw e;
        }
    }

    private static ClientResources resources() {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(10),
                        Duration.ofSeconds(MAX_RECONNECT_DELAY_SECONDS),
                        2,
                        TimeUnit.MILLISECONDS))
                .build();
    }

    private static void shutdown(Runnable client, ClientResources resources) {
        try {
            client.run();
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
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
