package dev.stepwise.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server the MCP section measures, in a process of its own on a port chosen here: {@code stepwise
 * serve}, the Jetty ceiling, the Node peer. Its output goes to a log file, shown when it fails to
 * start. Closing it (or this JVM exiting, which closes its stdin) stops it.
 */
final class ChildServer implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;
    private final Path log;

    private ChildServer(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} (in which {@code {port}} is replaced) and waits until the port listens. */
    static ChildServer start(String name, List<String> command, Path dir) {
        int port = freePort();
        List<String> resolved = new ArrayList<>(command.size());
        command.forEach(part -> resolved.add(part.replace("{port}", Integer.toString(port))));
        try {
            Path log = Files.createTempFile("stepwise-bench-" + name + "-", ".log");
            Process process = new ProcessBuilder(resolved)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ChildServer server = new ChildServer(name, port, process, log);
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!LocalRedisCluster.listening(port)) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    server.close();
                    throw new IllegalStateException(
                            name + " did not start on port " + port + ": " + Files.readString(log));
                }
                Thread.sleep(50);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
    }

    /**
     * For a JVM server given a fixed heap ({@code -Xms} = {@code -Xmx}): its pages are touched at
     * start, so a short window on a fresh JVM does not pay the kernel for every page the heap grows
     * into, as a server that has run a while no longer does (docs/benchmarks.md, Fairness notes).
     */
    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    /** This JVM's java binary, for servers that run in a JVM of their own. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The CPU time the server's process has used so far (every thread: request threads, the JIT, the
     * collector), in µs; NaN where the platform does not tell.
     */
    double cpuMicros() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .map(cpu -> cpu.toNanos() / 1_000.0)
                .orElse(Double.NaN);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
