package dev.stepwise.bench;

import dev.stepwise.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * The WaniWani peer's Node.js side, one owner for it: finds {@code node} and {@code npm}, installs the
 * pinned dependencies of {@code stepwise-bench/src/main/node/waniwani-server} with {@code npm ci} when
 * they are missing or not the pinned versions (the only download a bench run makes), and starts its
 * scripts: {@code server.mjs} (the MCP section's HTTP peer) and {@code engine.mjs} (the peer section's
 * in-process driver, spoken to through {@link Driver}).
 */
final class NodePeer {

    /** The peer's directory, relative to the project root the bench runs from. */
    static final Path DIR = Path.of("stepwise-bench", "src", "main", "node", "waniwani-server");

    private final Path dir;

    private NodePeer(Path dir) {
        this.dir = dir;
    }

    /**
     * The peer ready to run, installing it first if needed; null, with a note saying why for
     * {@code section}, when Node.js or npm is missing or the install fails.
     */
    static NodePeer locate(String section, List<String> notes) {
        Path dir = Files.isDirectory(DIR) ? DIR : Path.of("src", "main", "node", "waniwani-server"); // module dir
        if (!Files.isDirectory(dir)) {
            notes.add(section + ": no WaniWani peer: " + DIR + " is missing (run the bench from the project root)");
            return null;
        }
        try {
            String version = output(dir, "node", "--version");
            int major = Integer.parseInt(version.replaceFirst("^v(\\d+).*$", "$1"));
            if (major < 18) {
                notes.add(section + ": no WaniWani peer: Node.js " + version + " is older than 18");
                return null;
            }
            if (!installed(dir)) {
                System.out.println("  installing the WaniWani peer (npm ci in " + dir + ")");
                Process npm = new ProcessBuilder(
                                "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error")
                        .directory(dir.toFile())
                        .inheritIO()
                        .start();
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    notes.add(section + ": no WaniWani peer: npm ci failed in " + dir);
                    return null;
                }
            }
            return new NodePeer(dir);
        } catch (IOException | RuntimeException e) {
            notes.add(section + ": no WaniWani peer: Node.js/npm unavailable (" + e.getMessage() + ")");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the peer", e);
        }
    }

    /** Whether every dependency package.json pins is in node_modules at exactly that version. */
    static boolean installed(Path dir) throws IOException {
        JsonNode dependencies =
                Json.parse(Files.readAllBytes(dir.resolve("package.json"))).get("dependencies");
        for (Map.Entry<String, JsonNode> dependency : dependencies.properties()) {
            Path manifest =
                    dir.resolve("node_modules").resolve(dependency.getKey()).resolve("package.json");
            if (!Files.isRegularFile(manifest)
                    || !dependency
                            .getValue()
                            .asString()
                            .equals(Json.parse(Files.readAllBytes(manifest))
                                    .get("version")
                                    .asString())) {
                return false;
            }
        }
        return true;
    }

    Path dir() {
        return dir;
    }

    /** The command running {@code script} with {@code args} (a {@link ChildServer} command). */
    List<String> command(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code engine.mjs} with {@code args} ({@code memory}, or {@code redis URI PREFIX}). */
    Driver driver(String... args) {
        return new Driver(dir, command("engine.mjs", args));
    }

    private static String output(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /**
     * The in-process WaniWani driver ({@code engine.mjs}): one line per command each way. {@link
     * #run} asks for one closed-loop window and parses its answer; the driver's stderr goes to a log
     * file shown when it fails.
     */
    static final class Driver implements AutoCloseable {

        private final Process process;
        private final Writer in;
        private final BufferedReader out;
        private final Path log;
        private final String versions;

        Driver(Path dir, List<String> command) {
            try {
                log = Files.createTempFile("stepwise-bench-waniwani-", ".log");
                process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectError(log.toFile())
                        .start();
                in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
                out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String ready = line(Duration.ofSeconds(60));
                if (!ready.startsWith("ready ")) {
                    throw failure("answered " + ready + " instead of ready");
                }
                versions = ready.substring("ready ".length());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the WaniWani driver", e);
            }
        }

        /** What the driver runs, as it printed it: {"node": ..., "@waniwani/sdk": ..., "ioredis": ...}. */
        String versions() {
            return versions;
        }

        /** One window of {@code inFlight} concurrent conversations. */
        Measurement run(int inFlight, Duration window) {
            try {
                in.write("run " + inFlight + " " + window.toMillis() + "\n");
                in.flush();
            } catch (IOException e) {
                throw failure("cannot be written to: " + e.getMessage());
            }
            return parseWindow(line(window.plusSeconds(60)), inFlight);
        }

        /**
         * A window's answer as a {@link Measurement} (CPU per turn: the Node process's, user +
         * system), after checking it is a real one: no error, conversations completed and at least
         * one of them verified in the store, and turn counts that four-call conversations can make.
         */
        static Measurement parseWindow(String line, int inFlight) {
            JsonNode n = Json.parse(line.getBytes(StandardCharsets.UTF_8));
            if (n.hasNonNull("error")) {
                throw new IllegalStateException(
                        "the WaniWani driver failed: " + n.get("error").asString());
            }
            long turns = n.get("turns").asLong();
            long conversations = n.get("conversations").asLong();
            long verified = n.get("verified").asLong();
            if (n.get("inFlight").asInt() != inFlight
                    || conversations < 1
                    || verified < 1
                    || verified > inFlight
                    || turns < 4 * conversations
                    || turns > 4 * conversations + 3L * inFlight) {
                throw new IllegalStateException("the WaniWani driver answered an inconsistent window: " + line);
            }
            double seconds = n.get("elapsedNanos").asDouble() / 1e9;
            return new Measurement(
                    inFlight,
                    turns,
                    seconds,
                    turns / seconds,
                    n.get("p50Micros").asDouble(),
                    n.get("p99Micros").asDouble(),
                    n.get("cpuMicros").asDouble() / turns);
        }

        private String line(Duration timeout) {
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                String line = next.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null) {
                    throw failure("exited");
                }
                return line;
            } catch (TimeoutException e) {
                throw failure("did not answer within " + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                throw failure("cannot be read: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private IllegalStateException failure(String what) {
            String stderr;
            try {
                stderr = Files.readString(log);
            } catch (IOException e) {
                stderr = "(no log: " + e.getMessage() + ")";
            }
            close();
            return new IllegalStateException("the WaniWani driver " + what + "; its stderr: " + stderr);
        }

        @Override
        public void close() {
            try {
                in.write("quit\n");
                in.close();
            } catch (IOException | RuntimeException e) {
                // already gone
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroy();
                    process.waitFor();
                }
                Files.deleteIfExists(log);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
            } catch (IOException e) {
                System.err.println("  the WaniWani driver's log " + log + " was left behind: " + e.getMessage());
            }
        }
    }
}
