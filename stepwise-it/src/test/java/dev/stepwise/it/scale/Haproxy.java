package dev.stepwise.it.scale;

import dev.stepwise.store.tck.Poll;
import dev.stepwise.store.tck.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * HAProxy (Debian package {@code haproxy}) in front of server instances: round-robin per request,
 * health checks on {@code /healthz}, a failed connection retried on another instance. Skips (or
 * fails with STEPWISE_REQUIRE_SERVICES=1) when haproxy is not installed.
 */
final class Haproxy implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private Haproxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static String binary() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        return Stream.of(path.split(":"))
                .map(dir -> Path.of(dir, "haproxy"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst()
                .orElse(null);
    }

    static void assumeInstalled() {
        Services.assume(
                "HAProxy",
                binary() != null,
                "haproxy is not on the PATH; install the Debian package haproxy (.ci/run does)");
    }

    static Haproxy start(Path dir, int port, List<Integer> backends) {
        StringBuilder config = new StringBuilder("""
                global
                  maxconn 2000
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 60s
                  timeout server 60s
                  retries 5
                  option redispatch 1
                  retry-on conn-failure empty-response 503
                  option http-server-close
                frontend mcp
                  bind 127.0.0.1:%d
                  default_backend stepwise
                backend stepwise
                  balance roundrobin
                  option httpchk GET /healthz
                """.formatted(port));
        for (int i = 0; i < backends.size(); i++) {
            config.append("  server s")
                    .append(i)
                    .append(" 127.0.0.1:")
                    .append(backends.get(i))
                    .append(" check inter 300ms fall 1 rise 1\n");
        }
        try {
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, config);
            Path log = dir.resolve("haproxy.log");
            Process process = new ProcessBuilder(binary(), "-db", "-f", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Haproxy haproxy = new Haproxy(process, port, log);
            HttpClient http = HttpClient.newHttpClient();
            Poll.until("haproxy forwards /healthz", Duration.ofSeconds(30), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("haproxy exited: " + Files.readString(log));
                }
                try {
                    return http.send(
                                            HttpRequest.newBuilder(URI.create(haproxy.baseUrl() + "/healthz"))
                                                    .timeout(Duration.ofSeconds(2))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                } catch (IOException e) {
                    return false;
                }
            });
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start haproxy", e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
