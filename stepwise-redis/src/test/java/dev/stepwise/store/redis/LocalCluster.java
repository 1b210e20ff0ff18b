package dev.stepwise.store.redis;

import dev.stepwise.store.tck.Poll;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A 3-master Redis Cluster of private {@code redis-server} processes on free loopback ports,
 * started once per JVM on first use and stopped when the JVM exits (shutdown hooks of the
 * processes), so every cluster test class shares one.
 */
public final class LocalCluster {

    private static LocalCluster instance;
    private static RuntimeException startFailure;

    private final List<RedisServerProcess> nodes;

    private LocalCluster(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    /** Whether a cluster can be started here (redis-server and redis-cli installed). */
    public static boolean available() {
        return RedisServerProcess.binary() != null && RedisServerProcess.onPath("redis-cli") != null;
    }

    public static synchronized LocalCluster get() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    public RedisServerProcess node(int index) {
        return nodes.get(index);
    }

    /** Which node (index) serves a slot, as the cluster itself says. */
    int nodeForSlot(int slot) {
        for (int i = 0; i < nodes.size(); i++) {
            int index = i;
            boolean[] serves = {false};
            Namespaces.withCommands(List.of(nodes.get(i).uri()), false, redis -> {
                for (Object range : redis.clusterSlots()) {
                    List<?> r = (List<?>) range;
                    List<?> master = (List<?>) r.get(2);
                    if (((Number) r.get(0)).intValue() <= slot
                            && slot <= ((Number) r.get(1)).intValue()
                            && ((Number) master.get(1)).intValue()
                                    == nodes.get(index).port()) {
                        serves[0] = true;
                    }
                }
            });
            if (serves[0]) {
                return i;
            }
        }
        throw new IllegalStateException("no node serves slot " + slot);
    }

    public List<String> seeds() {
        return nodes.stream().map(RedisServerProcess::uri).toList();
    }

    private static LocalCluster start() {
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServerProcess.start(
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        "nodes.conf",
                        "--cluster-port",
                        String.valueOf(RedisServerProcess.freePort()),
                        "--cluster-node-timeout",
                        "3000",
                        "--appendonly",
                        "no"));
            }
            List<String> command =
                    new ArrayList<>(List.of(RedisServerProcess.onPath("redis-cli"), "--cluster", "create"));
            nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
            command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process create =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + output);
            }
            for (RedisServerProcess node : nodes) {
                RedisClient client = RedisClient.create(RedisURI.create(node.uri()));
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    Poll.until(
                            "cluster_state:ok on port " + node.port(),
                            Duration.ofSeconds(30),
                            () -> connection.sync().clusterInfo().contains("cluster_state:ok"));
                } finally {
                    client.shutdown();
                }
            }
            return new LocalCluster(nodes);
        } catch (IOException e) {
            nodes.forEach(RedisServerProcess::close);
            throw new UncheckedIOException("cannot start a Redis Cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nodes.forEach(RedisServerProcess::close);
            throw new IllegalStateException("interrupted while starting a Redis Cluster", e);
        } catch (RuntimeException | Error e) {
            nodes.forEach(RedisServerProcess::close);
            throw e;
        }
    }
}
