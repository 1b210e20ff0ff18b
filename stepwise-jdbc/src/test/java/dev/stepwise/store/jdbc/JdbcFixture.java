package dev.stepwise.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.tck.StoreFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One namespace of one test database: a fresh table prefix (and, for SQLite, a fresh file; for H2
 * a fresh in-memory database). Every client has its own pool. Closing closes the clients and drops
 * the tables.
 */
final class JdbcFixture implements StoreFixture {

    final TestDatabase database;
    final String prefix;
    private final Path dir;
    private final Path sqliteFile;
    private final String h2Name;
    private final List<Runnable> closers = new CopyOnWriteArrayList<>();

    JdbcFixture(TestDatabase database) {
        database.assumeAvailable();
        this.database = database;
        String random = HexFormat.of().formatHex(randomBytes());
        this.prefix = "t" + random + "_";
        this.h2Name = "stepwise_" + random;
        try {
            this.dir = database == TestDatabase.SQLITE ? Files.createTempDirectory("stepwise-jdbc-") : null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.sqliteFile = dir == null ? null : dir.resolve("store.db");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[5];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Override
    public VersionedStore newClient() {
        return client(builder());
    }

    /** A builder for a new client with its own pool (closed with the store) and this fixture's prefix. */
    JdbcStore.Builder builder() {
        return builder(UnaryOperator.identity());
    }

    /** Like {@link #builder()}, the store seeing the pool through {@code around} (a test seam). */
    JdbcStore.Builder builder(UnaryOperator<DataSource> around) {
        HikariDataSource pool = database.pool(sqliteFile, h2Name, 4);
        closers.add(pool::close);
        return JdbcStore.builder(around.apply(pool)).tablePrefix(prefix).closing(pool);
    }

    /** Tracks a store so the fixture closes it. */
    JdbcStore track(JdbcStore store) {
        closers.add(store::close);
        return store;
    }

    /** A new client whose store is built from {@code builder} and tracked. */
    JdbcStore client(JdbcStore.Builder builder) {
        return track(builder.build());
    }

    /** A plain connection to the namespace's database, for checks behind the store's back. */
    Connection connect() throws SQLException {
        return database.connect(sqliteFile, h2Name);
    }

    /** A data source without a pool over the namespace's database. */
    DataSource unpooled() {
        return database.unpooled(sqliteFile, h2Name);
    }

    Tables tables() {
        return Tables.withPrefix(prefix);
    }

    @Override
    public void close() throws IOException, SQLException {
        closers.forEach(Runnable::run);
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            return;
        }
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            if (database == TestDatabase.H2) {
                s.execute("SHUTDOWN");
            } else {
                Tables t = tables();
                s.execute("DROP TABLE IF EXISTS " + t.records() + ", " + t.items() + ", " + t.schemaVersion());
            }
        }
    }
}
