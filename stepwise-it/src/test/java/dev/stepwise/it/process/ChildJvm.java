package dev.stepwise.it.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A separate, light JVM running a main class on this test's class path. Its stderr goes to a log
 * file; stdout lines go to a consumer (or the same log). Every child is destroyed by
 * {@link #close()}, and by a JVM shutdown hook should the test run die first.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "stepwise-it-children"));
    }

    private final Process process;
    private final Path log;
    private final Thread reader;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process, Path log, Consumer<String> stdout) {
        this.process = process;
        this.log = log;
        this.reader = new Thread(() -> pump(stdout), "child-" + process.pid() + "-stdout");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts {@code mainClass} with {@code args}.
     *
     * @param name   names the log file under target/it-logs
     * @param stdout receives each stdout line (also kept in {@link #lines()}); may be null
     */
    public static ChildJvm start(
            String name, Map<String, String> env, Consumer<String> stdout, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        try {
            Path dir = Files.createDirectories(Path.of("target", "it-logs"));
            Path log = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            LIVE.add(process);
            return new ChildJvm(process, log, stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM for " + mainClass, e);
        }
    }

    private void pump(Consumer<String> stdout) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (stdout != null) {
                    stdout.accept(line);
                }
            }
        } catch (IOException e) {
            lines.add("(stdout closed: " + e + ")");
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Every stdout line so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The stderr log so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * SIGKILL, then waits until the process is gone and stdout drained. Through the process handle:
     * {@code Process.destroyForcibly} also closes our end of the child's stdout, dropping the lines it
     * wrote that were not read yet (the crash test then undercounted the turns a child tried).
     */
    public void kill() {
        process.toHandle().destroyForcibly();
        awaitExit(30);
    }

    /** Waits for exit (and for stdout to be drained); returns the exit code. */
    public int awaitExit(int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("child " + process.pid() + " still running after " + seconds + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(seconds));
            LIVE.remove(process);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
    }
}
