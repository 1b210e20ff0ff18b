package dev.stepwise.store.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Unique key prefixes for test runs, and removal of every key under one (all masters in a cluster). */
final class Namespaces {

    private Namespaces() {}

    static String uniquePrefix() {
        return "stepwise-test:" + UUID.randomUUID().toString().substring(0, 13) + ":";
    }

    /** Keys under the layout of {@code prefix}. */
    static List<String> keys(List<String> uris, boolean cluster, String prefix) {
        List<String> found = new ArrayList<>();
        withCommands(uris, cluster, redis -> {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(
                        cursor,
                        ScanArgs.Builder.matches(new KeyLayout(prefix).pattern())
                                .limit(1000));
                found.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
        });
        return found;
    }

    /** Removes every key of {@code prefix}; returns how many there were. */
    static int drop(List<String> uris, boolean cluster, String prefix) {
        List<String> keys = keys(uris, cluster, prefix);
        withCommands(uris, cluster, redis -> {
            for (String key : keys) {
                redis.unlink(key);
            }
        });
        return keys.size();
    }

    static void withCommands(
            List<String> uris, boolean cluster, Consumer<RedisClusterCommands<String, String>> action) {
        if (cluster) {
            RedisClusterClient client = RedisClusterClient.create(
                    uris.stream().map(RedisURI::create).toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                action.accept(connection.sync());
            } finally {
                client.shutdown();
            }
        } else {
            RedisClient client = RedisClient.create(uris.get(0));
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                action.accept(connection.sync());
            } finally {
                client.shutdown();
            }
        }
    }
}
