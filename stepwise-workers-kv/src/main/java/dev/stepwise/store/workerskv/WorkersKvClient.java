package dev.stepwise.store.workerskv;

import dev.stepwise.json.Json;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Cloudflare's Workers KV REST API for one namespace, over the JDK's {@link HttpClient}: read,
 * write (with expiry), delete, list keys and delete in bulk. Names are sent as KV key names
 * as they are (callers map longer keys, see {@link WorkersKvStore}).
 *
 * <p>Failures: a transport error, a timeout, HTTP 429 or a 5xx raise
 * {@link StoreUnavailableException} (retry may help); a refused token or any other error the API
 * reports raises {@link StoreException} with the API's own message. No message carries the token.
 * KV itself is eventually consistent: a write is seen at once by reads through the same edge
 * location and within about a minute elsewhere, and listings lag behind writes.
 */
public final class WorkersKvClient {

    /** The shortest expiry KV accepts for {@code expiration_ttl}. */
    public static final Duration MIN_TTL = Duration.ofSeconds(60);

    /** The most names one bulk call takes. */
    public static final int BULK_LIMIT = 10_000;

    /** The most names one listing page returns. */
    public static final int PAGE_LIMIT = 1000;

    private static final int KEY_NOT_FOUND = 10009;

    private final WorkersKvLocation location;
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    /** A client with its own {@link HttpClient}; {@code timeout} bounds each request. */
    public WorkersKvClient(WorkersKvLocation location, Duration timeout) {
        this.location = Objects.requireNonNull(location, "location");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.base = location.namespaceUrl();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public WorkersKvLocation location() {
        return location;
    }

    /** The value stored under {@code name}, or empty when there is none (or it expired). */
    public Optional<byte[]> get(String name) {
        HttpResponse<byte[]> response =
                send("read key", request("/values/" + Names.pathSegment(name)).GET());
        if (response.statusCode() == 200) {
            return Optional.of(response.body()); // the value itself, not an API envelope
        }
        if (response.statusCode() == 404 && errorCodes(response).contains(KEY_NOT_FOUND)) {
            return Optional.empty();
        }
        check("read key", response);
        throw new StoreException(
                "cannot read key in " + location.describe() + " (HTTP " + response.statusCode() + " without a value)");
    }

    /**
     * Stores {@code value} under {@code name}. With a {@code ttl}, KV drops the entry after it
     * (rounded up to whole seconds and to at least {@link #MIN_TTL}, KV's floor).
     */
    public void put(String name, byte[] value, Optional<Duration> ttl) {
        String query = ttl.map(t -> "?expiration_ttl=" + ttlSeconds(t)).orElse("");
        check(
                "write key",
                send(
                        "write key",
                        request("/values/" + Names.pathSegment(name) + query)
                                .header("Content-Type", "application/octet-stream")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(value))));
    }

    /** Removes {@code name}; removing an absent key succeeds. */
    public void delete(String name) {
        check(
                "delete key",
                send("delete key", request("/values/" + Names.pathSegment(name)).DELETE()));
    }

    /**
     * One page of at most {@code limit} (1 to {@link #PAGE_LIMIT}) names starting with
     * {@code prefix}, from {@code cursor} (empty for the first page).
     */
    public KeyPage listKeys(String prefix, Optional<String> cursor, int limit) {
        if (limit < 1 || limit > PAGE_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + PAGE_LIMIT + ", was " + limit);
        }
        StringBuilder query = new StringBuilder("/keys?limit=" + limit);
        if (!prefix.isEmpty()) {
            query.append("&prefix=").append(Names.pathSegment(prefix));
        }
        cursor.ifPresent(c -> query.append("&cursor=").append(Names.pathSegment(c)));
        HttpResponse<byte[]> response =
                send("list keys", request(query.toString()).GET());
        JsonNode body = check("list keys", response);
        List<String> names = new ArrayList<>();
        for (JsonNode key : body.path("result")) {
            names.add(key.path("name").asString());
        }
        String next = body.path("result_info").path("cursor").asString("");
        return new KeyPage(names, next.isEmpty() ? Optional.empty() : Optional.of(next));
    }

    /** Every name starting with {@code prefix}, following cursors; KV's listing lags writes. */
    public List<String> allKeys(String prefix) {
        List<String> names = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            KeyPage page = listKeys(prefix, cursor, PAGE_LIMIT);
            names.addAll(page.names());
            cursor = page.cursor();
        } while (cursor.isPresent());
        return names;
    }

    /** Removes {@code names} with bulk calls of at most {@link #BULK_LIMIT} names each. */
    public void deleteAll(List<String> names) {
        for (int from = 0; from < names.size(); from += BULK_LIMIT) {
            ArrayNode batch = Json.nodes().arrayNode();
            names.subList(from, Math.min(names.size(), from + BULK_LIMIT)).forEach(batch::add);
            check(
                    "delete keys in bulk",
                    send(
                            "delete keys in bulk",
                            request("/bulk/delete")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(batch)))));
        }
    }

    static long ttlSeconds(Duration ttl) {
        long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        return Math.max(MIN_TTL.getSeconds(), seconds);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + location.token());
    }

    private HttpResponse<byte[]> send(String what, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new StoreUnavailableException(
                    "cannot " + what + " in " + location.describe() + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(
                    "interrupted while waiting to " + what + " in " + location.describe(), e);
        }
    }

    /** The response's JSON body when it reports success; otherwise the right exception. */
    private JsonNode check(String what, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode body = parse(response);
        if (status / 100 == 2 && body.path("success").asBoolean(false)) {
            return body;
        }
        String reason = "HTTP " + status + apiErrors(body);
        if (status == 429 || status / 100 == 5) {
            throw new StoreUnavailableException(
                    "cannot " + what + " in " + location.describe() + " for now (" + reason + ")", null);
        }
        if (status == 401 || status == 403) {
            throw new StoreException("Cloudflare refused the API token for " + location.describe() + " (" + reason
                    + "); the token needs the \"Workers KV Storage: Edit\" permission on the account");
        }
        throw new StoreException("cannot " + what + " in " + location.describe() + " (" + reason + ")");
    }

    private static JsonNode parse(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json") || response.body().length == 0) {
            return Json.object();
        }
        try {
            return Json.parse(response.body());
        } catch (RuntimeException e) {
            return Json.object(); // not the API's JSON (a proxy's page): the status says enough
        }
    }

    private static List<Integer> errorCodes(HttpResponse<byte[]> response) {
        List<Integer> codes = new ArrayList<>();
        for (JsonNode error : parse(response).path("errors")) {
            codes.add(error.path("code").asInt(0));
        }
        return codes;
    }

    private static String apiErrors(JsonNode body) {
        List<String> messages = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            messages.add(
                    error.path("code").asInt(0) + " " + error.path("message").asString(""));
        }
        return messages.isEmpty() ? "" : ": " + String.join("; ", messages);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "no answer (connection refused or reset)" : message;
    }
}
