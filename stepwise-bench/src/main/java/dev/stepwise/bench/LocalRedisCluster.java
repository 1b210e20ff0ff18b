package dev.stepwise.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A private 3-master Redis Cluster of {@code redis-server} processes on free loopback ports (no
 * persistence, as the Redis store's own cluster tests run it), stopped by {@link #close()} or at
 * JVM exit.
 */
final class LocalRedisCluster implements AutoCloseable {

    private final List<Process> processes;
    private final List<Integer> ports;
    private final List<Path> dirs;

    private LocalRedisCluster(List<Process> processes, List<Integer> ports, List<Path> dirs) {
        this.processes = processes;
        this.ports = ports;
        this.dirs = dirs;
    }

    static LocalRedisCluster start() {
        String server = onPath("redis-server");
        String cli = onPath("redis-cli");
        if (server == null || cli == null) {
            throw new IllegalStateException("the Redis Cluster benchmark needs redis-server and redis-cli on the PATH");
        }
        List<Process> processes = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        LocalRedisCluster cluster = new LocalRedisCluster(processes, ports, dirs);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-stopper"));
        try {
            for (int i = 0; i < 3; i++) {
                int port = freePort();
                Path dir = Files.createTempDirectory("stepwise-bench-redis-");
                ports.add(port);
                dirs.add(dir);
                processes.add(new ProcessBuilder(
                                server,
                                "--port",
                                String.valueOf(port),
                                "--bind",
                                "127.0.0.1",
                                "--dir",
                                dir.toString(),
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--daemonize",
                                "no",
                                "--protected-mode",
                                "no",
                                "--cluster-enabled",
                                "yes",
                                "--cluster-config-file",
                                "nodes.conf",
                                "--cluster-node-timeout",
                                "3000",
                                "--logfile",
                                dir.resolve("redis.log").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("stdout.log").toFile())
                        .start());
            }
            for (int port : ports) {
                waitFor("redis-server on port " + port, () -> listening(port));
            }
            List<String> command = new ArrayList<>(List.of(cli, "--cluster", "create"));
            ports.forEach(p -> command.add("127.0.0.1:" + p));
            command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process create =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + output);
            }
            for (int port : ports) {
                RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + port));
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    waitFor(
                            "cluster_state:ok on " + port,
                            () -> connection.sync().clusterInfo().contains("cluster_state:ok"));
                } finally {
                    client.shutdown();
                }
            }
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("cannot start a Redis Cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster.close();
            throw new IllegalStateException("interrupted while starting a Redis Cluster", e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    List<String> seeds() {
        return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
    }

    @Override
    public synchronized void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dirs.forEach(Cleanup::deleteTree);
    }

    private static String onPath(String name) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File file = new File(entry, name);
            if (file.canExecute()) {
                return file.getAbsolutePath();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls a condition every 20 ms for up to 30 s. */
    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("gave up after 30 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
