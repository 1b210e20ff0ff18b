package dev.stepwise.store.workerskv;

import dev.stepwise.store.StoreProvider;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a Workers KV store from
 * {@code workers-kv://ACCOUNT/NAMESPACE?token=TOKEN[&endpoint=http(s)://HOST[:PORT]][&timeoutMs=N]}.
 * Without {@code token} in the URI the {@code CLOUDFLARE_API_TOKEN} environment variable is used,
 * which keeps the token out of command lines. {@code endpoint} replaces
 * {@code https://api.cloudflare.com} (for a local Worker or a proxy serving the same paths);
 * {@code timeoutMs} bounds each request (default 10000). Single writer only: see
 * {@link WorkersKvStore}.
 */
public final class WorkersKvStoreProvider implements StoreProvider {

    static final String SCHEME = "workers-kv://";

    static final String TOKEN_ENV = "CLOUDFLARE_API_TOKEN";

    @Override
    public List<String> uriForms() {
        return List.of("workers-kv://ACCOUNT/NAMESPACE[?token=TOKEN&endpoint=URL&timeoutMs=N]");
    }

    @Override
    public boolean accepts(String uri) {
        return uri != null && uri.startsWith(SCHEME);
    }

    @Override
    public VersionedStore open(String uri) {
        return new WorkersKvStore(new WorkersKvClient(location(uri, System.getenv(TOKEN_ENV)), timeout(uri)))
                .versioned();
    }

    /** The location a URI names; {@code envToken} (may be null) is used when the URI has no token. */
    static WorkersKvLocation location(String uri, String envToken) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException(
                    "not a Workers KV URI: '" + StoreProviders.redact(String.valueOf(uri)) + "'");
        }
        String rest = uri.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String[] parts = path.replaceAll("/+$", "").split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("Workers KV URI '" + StoreProviders.redact(uri)
                    + "' must name an account and a namespace: workers-kv://ACCOUNT_ID/NAMESPACE_ID");
        }
        String token = null;
        URI endpoint = WorkersKvLocation.CLOUDFLARE;
        for (String[] option : options(uri)) {
            switch (option[0]) {
                case "token" -> token = option[1];
                case "endpoint" -> endpoint = endpoint(option[1]);
                case "timeoutMs" -> {
                    // read by timeout(uri)
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown Workers KV URI option '" + option[0] + "'; known: token, endpoint, timeoutMs");
            }
        }
        if (token == null || token.isBlank()) {
            token = envToken;
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("Workers KV URI '" + StoreProviders.redact(uri)
                    + "' has no API token: add ?token=TOKEN or set " + TOKEN_ENV);
        }
        return new WorkersKvLocation(endpoint, parts[0], parts[1], token);
    }

    static Duration timeout(String uri) {
        for (String[] option : options(uri)) {
            if (option[0].equals("timeoutMs")) {
                long millis;
                try {
                    millis = Long.parseLong(option[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "timeoutMs must be a number of milliseconds, was '" + option[1] + "'", e);
                }
                if (millis <= 0) {
                    throw new IllegalArgumentException("timeoutMs must be positive, was " + millis);
                }
                return Duration.ofMillis(millis);
            }
        }
        return Duration.ofSeconds(10);
    }

    /** The URI's query as decoded name/value pairs. */
    private static List<String[]> options(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return List.of();
        }
        return Arrays.stream(uri.substring(q + 1).split("&"))
                .filter(pair -> !pair.isEmpty())
                .map(pair -> {
                    int eq = pair.indexOf('=');
                    String name = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    return new String[] {name, value};
                })
                .toList();
    }

    private static URI endpoint(String value) {
        try {
            URI endpoint = new URI(value);
            if (endpoint.getScheme() == null
                    || !(endpoint.getScheme().equals("http")
                            || endpoint.getScheme().equals("https"))
                    || endpoint.getHost() == null
                    || endpoint.getRawQuery() != null
                    || endpoint.getUserInfo() != null) {
                throw new IllegalArgumentException(
                        "Workers KV endpoint '" + value + "' must be an http(s)://HOST[:PORT] URL");
            }
            return endpoint;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Workers KV endpoint '" + value + "' is not a URL", e);
        }
    }
}
