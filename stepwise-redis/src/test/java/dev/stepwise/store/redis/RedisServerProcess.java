package dev.stepwise.store.redis;

import dev.stepwise.store.tck.Poll;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} process on a free loopback port, in its own temporary directory,
 * for tests that stop, kill or cluster servers. Stopped by {@link #close()} and, should a test run
 * die first, by a JVM shutdown hook.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private final boolean sentinel;
    private Process process;
    private final Thread hook;

    private RedisServerProcess(Path dir, int port, List<String> extraArgs, boolean sentinel) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
        this.sentinel = sentinel;
        this.hook = new Thread(this::destroyQuietly, "redis-server-" + port + "-stopper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The redis-server binary on the PATH, or null when it is not installed. */
    public static String binary() {
        return onPath("redis-server");
    }

    public static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            File file = new File(entry, name);
            if (file.canExecute()) {
                return file.getAbsolutePath();
            }
        }
        return null;
    }

    /** Starts a server with these extra arguments and waits until it accepts connections. */
    public static RedisServerProcess start(String... extraArgs) {
        try {
            Path dir = Files.createTempDirectory("stepwise-redis-");
            RedisServerProcess server = new RedisServerProcess(dir, freePort(), List.of(extraArgs), false);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a Sentinel monitoring the master {@code name} on {@code masterPort}, quorum 1. */
    public static RedisServerProcess startSentinel(String name, int masterPort) {
        try {
            Path dir = Files.createTempDirectory("stepwise-sentinel-");
            Files.writeString(
                    dir.resolve("sentinel.conf"), "sentinel monitor " + name + " 127.0.0.1 " + masterPort + " 1\n");
            RedisServerProcess server = new RedisServerProcess(dir, freePort(), List.of(), true);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the process (again, after {@link #kill()}), on the same port and directory. */
    public void launch() {
        List<String> command = new ArrayList<>(List.of(binary()));
        if (sentinel) {
            command.addAll(List.of(dir.resolve("sentinel.conf").toString(), "--sentinel"));
        } else {
            command.addAll(List.of("--save", ""));
        }
        command.addAll(List.of(
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no",
                "--protected-mode",
                "no",
                "--logfile",
                dir.resolve("redis.log").toString()));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        Poll.until(
                "redis-server on port " + port + " accepts connections",
                Duration.ofSeconds(20),
                () -> !process.isAlive() || listening(port));
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " exited: " + log());
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Poll.until("port " + port + " is closed", Duration.ofSeconds(10), () -> !listening(port));
    }

    /** Runs a command through {@code redis-cli} against this server and returns its output. */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of(onPath("redis-cli"), "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cli.waitFor(10, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                throw new IllegalStateException("redis-cli " + args[0] + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to the process, to freeze or resume it. */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                    .inheritIO()
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String log() {
        try {
            return Files.exists(dir.resolve("redis.log")) ? Files.readString(dir.resolve("redis.log")) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        destroyQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs anyway
        }
    }

    private void destroyQuietly() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
