package dev.stepwise.store.redis;

import dev.stepwise.store.StoreProviders;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;

/** Parses and describes Redis URIs without ever echoing a password. */
final class RedisUris {

    static final List<String> SCHEMES = List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-socket");

    private RedisUris() {}

    static RedisURI parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("Redis URI must not be empty");
        }
        int colon = uri.indexOf("://");
        String scheme = colon < 0 ? "" : uri.substring(0, colon);
        if (scheme.endsWith("-cluster")) {
            throw new IllegalArgumentException("'" + StoreProviders.redact(uri) + "' names a Redis Cluster: use"
                    + " RedisStore.cluster(seeds) or StoreProviders.open(uri)");
        }
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("Redis URI '" + StoreProviders.redact(uri)
                    + "' must start with redis://, rediss:// or redis-sentinel://");
        }
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "invalid Redis URI '" + StoreProviders.redact(uri) + "': " + scrub(e.getMessage(), uri), null);
        }
        if (parsed.getSentinels().isEmpty()
                && parsed.getSocket() == null
                && (parsed.getHost() == null || parsed.getHost().isEmpty())) {
            throw new IllegalArgumentException("Redis URI '" + StoreProviders.redact(uri) + "' names no host");
        }
        return parsed;
    }

    /**
     * Splits {@code redis-cluster://[user:pass@]host:port,host:port[/?options]} into one seed URI
     * per node, each carrying the credentials and options.
     */
    static List<String> clusterSeeds(String uri) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        String scheme = uri.startsWith("rediss-cluster://") ? "rediss://" : "redis://";
        String userInfo = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        String tail = "";
        int end = indexOfAny(rest, "/?");
        if (end >= 0) {
            tail = rest.substring(end);
            rest = rest.substring(0, end);
        }
        if (rest.isBlank()) {
            throw new IllegalArgumentException("Redis Cluster URI '" + StoreProviders.redact(uri)
                    + "' names no seed node; use redis-cluster://host:port,host:port");
        }
        List<String> seeds = new ArrayList<>();
        for (String node : rest.split(",")) {
            if (node.isBlank()) {
                throw new IllegalArgumentException(
                        "Redis Cluster URI '" + StoreProviders.redact(uri) + "' has an empty seed node");
            }
            seeds.add(scheme + userInfo + node.trim() + tail);
        }
        return seeds;
    }

    /** host:port (or sentinel list / socket), never credentials. */
    static String describe(RedisURI uri) {
        if (!uri.getSentinels().isEmpty()) {
            return "sentinel " + uri.getSentinelMasterId() + " via "
                    + uri.getSentinels().stream()
                            .map(s -> s.getHost() + ":" + s.getPort())
                            .toList();
        }
        if (uri.getSocket() != null) {
            return "socket " + uri.getSocket();
        }
        return uri.getHost() + ":" + uri.getPort() + (uri.getDatabase() != 0 ? "/" + uri.getDatabase() : "");
    }

    private static String scrub(String message, String uri) {
        if (message == null) {
            return "unparsable";
        }
        String safe = message.replace(uri, StoreProviders.redact(uri));
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) {
            String userInfo = uri.substring(scheme + 3, at);
            int colon = userInfo.indexOf(':');
            String secret = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
            if (!secret.isEmpty()) {
                safe = safe.replace(secret, "***");
            }
        }
        return safe;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
