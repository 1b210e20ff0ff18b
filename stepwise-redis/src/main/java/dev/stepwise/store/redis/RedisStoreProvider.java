package dev.stepwise.store.redis;

import dev.stepwise.store.StoreProvider;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Opens a {@link RedisStore} from {@code redis://}, {@code rediss://}, {@code redis-sentinel://}
 * or {@code redis-cluster://host:port,host:port} URIs. Besides Lettuce's own options
 * ({@code ?timeout=5s}, {@code /2} for the database, {@code sentinelMasterId=}), the query option
 * {@code keyPrefix=} sets the key prefix ({@code stepwise:} by default). {@code timeout} becomes
 * the command timeout.
 */
public final class RedisStoreProvider implements StoreProvider {

    private static final List<String> PREFIXES = List.of(
            "redis://",
            "rediss://",
            "redis-sentinel://",
            "rediss-sentinel://",
            "redis-socket://",
            "redis-cluster://",
            "rediss-cluster://");

    @Override
    public List<String> uriForms() {
        return List.of(
                "redis://[:PASSWORD@]HOST:PORT[/DB][?keyPrefix=P&timeout=2s]",
                "rediss://...",
                "redis-sentinel://HOST:PORT[,HOST:PORT]?sentinelMasterId=NAME",
                "redis-cluster://HOST:PORT,HOST:PORT",
                "redis-socket:///PATH");
    }

    @Override
    public boolean accepts(String uri) {
        if (uri == null) {
            return false;
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        return PREFIXES.stream().anyMatch(lower::startsWith);
    }

    @Override
    public VersionedStore open(String uri) {
        if (!accepts(uri)) {
            throw new IllegalArgumentException("not a Redis URI: '" + StoreProviders.redact(String.valueOf(uri)) + "'");
        }
        String prefix = null;
        String rest = uri;
        int query = uri.indexOf('?');
        if (query >= 0) {
            StringBuilder kept = new StringBuilder();
            for (String param : uri.substring(query + 1).split("&")) {
                if (param.startsWith("keyPrefix=")) {
                    prefix = URLDecoder.decode(param.substring("keyPrefix=".length()), StandardCharsets.UTF_8);
                } else if (!param.isEmpty()) {
                    kept.append(kept.length() == 0 ? "?" : "&").append(param);
                }
            }
            rest = uri.substring(0, query) + kept;
        }
        String lower = rest.toLowerCase(Locale.ROOT);
        RedisStore.Builder builder = lower.startsWith("redis-cluster://") || lower.startsWith("rediss-cluster://")
                ? RedisStore.cluster(RedisUris.clusterSeeds(rest))
                : RedisStore.builder(rest);
        if (prefix != null) {
            builder.keyPrefix(prefix);
        }
        if (lower.contains("timeout=")) {
            String first = lower.startsWith("redis-cluster://") || lower.startsWith("rediss-cluster://")
                    ? RedisUris.clusterSeeds(rest).get(0)
                    : rest;
            Duration timeout = RedisUris.parse(first).getTimeout();
            builder.commandTimeout(timeout);
        }
        return builder.build();
    }
}
