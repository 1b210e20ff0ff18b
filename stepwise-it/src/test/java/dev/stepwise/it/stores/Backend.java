package dev.stepwise.it.stores;

import dev.stepwise.store.redis.LocalCluster;
import dev.stepwise.store.tck.Services;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The stores the reliability tests run on, each opened in a private namespace (a directory, a
 * database file, a PostgreSQL schema, a MariaDB database, a Redis key prefix, a private Redis
 * Cluster) that {@link Namespace#close()} drops, so shared servers keep nothing of a run.
 */
public enum Backend {
    FILE,
    SQLITE,
    POSTGRESQL,
    MARIADB,
    REDIS,
    REDIS_CLUSTER;

    /** A store URI for this backend in a fresh namespace; skips (or fails, in CI) when the server is absent. */
    public Namespace open(Path tempDir) {
        String run = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return switch (this) {
            case FILE -> new Namespace("file:" + tempDir.resolve(run), () -> {});
            case SQLITE -> new Namespace("sqlite:" + tempDir.resolve(run + ".db"), () -> {});
            case POSTGRESQL -> {
                Services.assumeListening("PostgreSQL", "127.0.0.1", 5432);
                sql("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "CREATE SCHEMA " + run);
                yield new Namespace(
                        postgres(5432, run),
                        () -> sql(
                                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                                "DROP SCHEMA " + run + " CASCADE"));
            }
            case MARIADB -> {
                Services.assumeListening("MariaDB", "127.0.0.1", 3306);
                sql("jdbc:mariadb://127.0.0.1:3306/test?user=root", "CREATE DATABASE " + run);
                yield new Namespace(
                        mariadb(3306, run),
                        () -> sql("jdbc:mariadb://127.0.0.1:3306/test?user=root", "DROP DATABASE " + run));
            }
            case REDIS -> {
                Services.assumeListening("Redis", "127.0.0.1", 6379);
                yield new Namespace("redis://127.0.0.1:6379?keyPrefix=" + run + ":", () -> dropRedisPrefix(run + ":"));
            }
            case REDIS_CLUSTER -> {
                Services.assume(
                        "Redis Cluster", LocalCluster.available(), "redis-server/redis-cli are not on the PATH");
                String seeds = String.join(
                        ",",
                        LocalCluster.get().seeds().stream()
                                .map(s -> s.substring("redis://".length()))
                                .toList());
                yield new Namespace("redis-cluster://" + seeds + "?keyPrefix=" + run + ":", () -> {});
            }
        };
    }

    /** A PostgreSQL URI on {@code port} (5432 or a relay in front of it) using schema {@code schema}. */
    public static String postgres(int port, String schema) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres&currentSchema=" + schema;
    }

    /** A MariaDB URI on {@code port} (3306 or a relay in front of it) for database {@code database}. */
    public static String mariadb(int port, String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?user=root";
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static void sql(String url, String statement) {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    private static void dropRedisPrefix(String prefix) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection
                        .sync()
                        .scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    /** A store URI and how to drop what was stored under it. */
    public record Namespace(String uri, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            drop.run();
        }
    }
}
