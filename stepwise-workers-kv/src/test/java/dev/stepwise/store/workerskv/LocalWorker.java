package dev.stepwise.store.workerskv;

import dev.stepwise.store.tck.Services;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local Worker of src/test/worker (Miniflare running the real workerd runtime, an in-memory KV
 * namespace) serving Cloudflare's KV REST paths, started once per JVM. The tests are skipped
 * loudly when node or the worker's {@code npm ci} install is missing, and fail when services are
 * required. The Worker exits when this JVM closes its stdin.
 */
final class LocalWorker {

    static final String TOKEN = "test-token-" + UUID.randomUUID();

    private static URI endpoint;

    private LocalWorker() {}

    /** The Worker's origin, starting it on first use; skips the calling test when it cannot run. */
    static synchronized URI endpoint() {
        if (endpoint == null) {
            Path dir = Path.of(System.getProperty("stepwise.workerskv.worker", "src/test/worker"));
            Services.assume(
                    "Workers KV (local Miniflare)",
                    onPath("node"),
                    "node is not on PATH; install Node.js 18+ and run `npm ci` in " + dir);
            Services.assume(
                    "Workers KV (local Miniflare)",
                    Files.isDirectory(dir.resolve("node_modules/miniflare")),
                    "the local Worker is not installed; run `npm ci` in " + dir);
            endpoint = start(dir);
        }
        return endpoint;
    }

    static WorkersKvLocation location(String namespace) {
        return new WorkersKvLocation(endpoint(), "test-account", namespace, TOKEN);
    }

    private static URI start(Path dir) {
        ProcessBuilder builder =
                new ProcessBuilder("node", "serve.mjs").directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("KV_TOKEN", TOKEN);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Worker in " + dir, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        List<String> output = new ArrayList<>();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        // One reader for the Worker's whole life: it reports the "listening" line, then keeps the
        // pipe drained. (Closing the reader from another thread while this one blocks in readLine
        // would wait on the reader's lock until the Worker printed again, which it may never do.)
        Thread reader = new Thread(
                () -> {
                    BufferedReader lines =
                            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    try {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (!listening.isDone() && line.startsWith("listening ")) {
                                listening.complete(URI.create(
                                        line.substring("listening ".length()).trim()));
                            } else if (!listening.isDone()) {
                                synchronized (output) {
                                    output.add(line);
                                }
                            }
                        }
                        synchronized (output) {
                            listening.completeExceptionally(
                                    new IllegalStateException("the local Worker exited before listening: " + output));
                        }
                    } catch (IOException e) {
                        listening.completeExceptionally(e);
                    }
                },
                "local-worker-output");
        reader.setDaemon(true);
        reader.start();
        try {
            // Generous: workerd starts in about a second, but the build machine may be loaded.
            return listening.get(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IllegalStateException("interrupted while starting the local Worker", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroy();
            synchronized (output) {
                throw new IllegalStateException("the local Worker did not start: " + output, e);
            }
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
