package dev.stepwise.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import dev.stepwise.store.file.FileStore;
import dev.stepwise.store.jdbc.JdbcDialect;
import dev.stepwise.store.jdbc.JdbcStore;
import dev.stepwise.store.memory.MemoryStore;
import dev.stepwise.store.redis.RedisStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens each store under test next to its raw baseline. */
final class Backends {

    /** Stores measured against a raw baseline, in report order. */
    static final List<String> MEASURED =
            List.of("memory", "memory+aes", "file", "sqlite", "postgresql", "mariadb", "redis", "redis-cluster");

    /** Stores run as a functional smoke only (in-process test servers), clearly labelled. */
    static final List<String> SMOKE = List.of("mongodb (smoke)", "dynamodb (smoke)");

    static final String REDIS_URI = "redis://127.0.0.1:6379";

    private final Path work;
    private final String prefix;
    private LocalRedisCluster cluster;

    Backends(Path work) {
        this.work = work;
        this.prefix = "bench" + ProcessHandle.current().pid() + "_";
    }

    /** Whether the store keeps its records in this JVM's heap (and so does its raw baseline). */
    static boolean inHeap(String name) {
        return name.equals("memory") || name.equals("memory+aes");
    }

    /** Opens a store by name; the caller closes it. */
    Backend open(String name) {
        return switch (name) {
            case "memory" -> new Backend(name, false, memory(), new MemoryRaw(), null);
            case "memory+aes" -> {
                byte[] key = new byte[KeyRing.KEY_BYTES];
                new SecureRandom().nextBytes(key);
                KeyRing ring = KeyRing.builder().current("bench", key).build();
                yield new Backend(
                        name, false, EncryptedStore.wrap(memory(), ring), new AesRaw(new MemoryRaw(), key), null);
            }
            case "file" -> {
                Path dir = fresh("file");
                yield new Backend(
                        name,
                        false,
                        FileStore.builder(dir.resolve("store")).build(),
                        new FileRaw(dir.resolve("raw")),
                        () -> Cleanup.deleteTree(dir));
            }
            case "sqlite" -> {
                Path dir = fresh("sqlite");
                HikariDataSource pool = sqlitePool(dir.resolve("bench.db"));
                yield new Backend(
                        name, false, jdbc(pool, JdbcDialect.SQLITE), new JdbcRaw(pool, prefix, "BLOB", true), () -> {
                            pool.close();
                            Cleanup.deleteTree(dir);
                        });
            }
            case "postgresql" -> {
                HikariDataSource pool = serverPool("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", name);
                yield new Backend(
                        name,
                        false,
                        jdbc(pool, JdbcDialect.POSTGRESQL),
                        new JdbcRaw(pool, prefix, "BYTEA", false),
                        () -> dropAndClose(pool));
            }
            case "mariadb" -> {
                HikariDataSource pool = serverPool("jdbc:mariadb://127.0.0.1:3306/test?user=root", name);
                yield new Backend(
                        name,
                        false,
                        jdbc(pool, JdbcDialect.MARIADB),
                        new JdbcRaw(pool, prefix, "LONGBLOB", false),
                        () -> dropAndClose(pool));
            }
            case "redis" ->
                new Backend(
                        name,
                        false,
                        RedisStore.builder(REDIS_URI).keyPrefix(prefix + "sw:").build(),
                        RedisRaw.standalone(REDIS_URI, prefix + "raw:"),
                        () -> RedisCleanup.deleteByPrefix(REDIS_URI, prefix));
            case "redis-cluster" -> {
                List<String> seeds = cluster().seeds();
                yield new Backend(
                        name,
                        false,
                        RedisStore.cluster(seeds).keyPrefix(prefix + "sw:").build(),
                        RedisRaw.cluster(seeds, prefix + "raw:"),
                        null);
            }
            case "mongodb (smoke)" -> SmokeServers.mongo(name);
            case "dynamodb (smoke)" -> SmokeServers.dynamo(name, prefix);
            default -> throw new IllegalArgumentException("unknown store '" + name + "'");
        };
    }

    /** The prefix of every table and key this run creates ({@code bench<pid>_}); closing redis deletes its keys. */
    String keyPrefix() {
        return prefix;
    }

    /** The most records a bench memory store holds, in this process or in a served one. */
    static final int MEMORY_MAX_RECORDS = 4_000_000;

    /** A memory store big enough for every session a run creates. */
    static MemoryStore memory() {
        return MemoryStore.builder().maxRecords(MEMORY_MAX_RECORDS).build();
    }

    private JdbcStore jdbc(DataSource pool, JdbcDialect dialect) {
        return JdbcStore.builder(pool)
                .dialect(dialect)
                .tablePrefix(prefix)
                .sweepInterval(Duration.ZERO)
                .build();
    }

    /** The pool {@code JdbcStores.sqlite} builds: WAL, synchronous=NORMAL, busy timeout, 8 connections. */
    private static HikariDataSource sqlitePool(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("bench-sqlite");
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(1);
        return new HikariDataSource(hikari);
    }

    /** The pool the store's URIs build for a server database: 10 connections, READ COMMITTED. */
    private static HikariDataSource serverPool(String url, String name) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("bench-" + name);
        hikari.setJdbcUrl(url);
        hikari.setMaximumPoolSize(10);
        hikari.setMinimumIdle(2);
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hikari.setConnectionTimeout(5_000);
        return new HikariDataSource(hikari);
    }

    private void dropAndClose(HikariDataSource pool) {
        try (var c = pool.getConnection();
                var s = c.createStatement()) {
            for (String table : List.of("records", "items", "schema_version")) {
                s.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        } catch (SQLException e) {
            System.err.println("could not drop the bench tables with prefix " + prefix + ": " + e.getMessage());
        } finally {
            pool.close();
        }
    }

    private synchronized LocalRedisCluster cluster() {
        if (cluster == null) {
            cluster = LocalRedisCluster.start();
        }
        return cluster;
    }

    Path fresh(String what) {
        try {
            return Files.createTempDirectory(work, what + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the Redis Cluster if one was started. */
    void shutdown() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
