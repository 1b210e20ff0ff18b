package dev.stepwise.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** SQLite as the embedded default: one file, WAL, writers of other processes waited for. */
class SqliteTest {

    static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    static Write create(String id) {
        return Write.of(StoreKey.session(id), new byte[] {1}, Expect.absent(), HOUR);
    }

    static String journalMode(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theConvenienceStoreIsOneWalFileCreatedWithItsDirectory() throws SQLException {
        Path file = dir.resolve("nested/dir/stepwise.db");
        try (JdbcStore store = JdbcStores.sqlite(file)) {
            assertInstanceOf(WriteResult.Written.class, store.write(create("a")));
            assertEquals(JdbcDialect.SQLITE, store.dialect());
        }
        assertTrue(Files.isRegularFile(file));
        assertEquals("wal", journalMode(file));
        try (JdbcStore reopened = JdbcStores.sqlite(file)) {
            assertTrue(reopened.read(StoreKey.session("a")).isPresent(), "the record survives closing the store");
        }
    }

    @Test
    void aPlainSqliteDataSourceIsSwitchedToWal() throws SQLException {
        Path file = dir.resolve("plain.db");
        try (JdbcStore store =
                JdbcStore.builder(new PlainDataSource("jdbc:sqlite:" + file)).build()) {
            store.write(create("a"));
        }
        assertEquals("wal", journalMode(file));
    }

    @Test
    void aWriterWaitsForAnotherProcessHoldingTheWriteLock() throws Exception {
        Path file = dir.resolve("busy.db");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (JdbcStore store = JdbcStores.sqlite(file);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = other.createStatement()) {
            store.write(create("first"));
            s.execute("BEGIN IMMEDIATE");
            s.execute("DELETE FROM stepwise_records"); // uncommitted: the store must not see it or fail

            Future<WriteResult> write = executor.submit(() -> store.write(create("second")));
            assertThrows(
                    TimeoutException.class,
                    () -> write.get(300, TimeUnit.MILLISECONDS),
                    "the write must wait for the lock, not fail with SQLITE_BUSY");
            s.execute("ROLLBACK");

            assertInstanceOf(WriteResult.Written.class, write.get(20, TimeUnit.SECONDS));
            assertTrue(store.read(StoreKey.session("first")).isPresent());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aLockHeldBeyondTheBusyTimeoutIsUnavailableAndWritesNothing() throws Exception {
        Path file = dir.resolve("timeout.db");
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(100);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        var pool = Pools.over(dataSource, "test-busy");
        try (JdbcStore store = JdbcStore.builder(pool).closing(pool).build();
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = other.createStatement()) {
            store.write(create("first"));
            s.execute("BEGIN IMMEDIATE");

            StoreUnavailableException e =
                    assertThrows(StoreUnavailableException.class, () -> store.write(create("second")));
            assertTrue(e.getMessage().contains("SQLite"), e.getMessage());
            s.execute("COMMIT");

            assertTrue(store.read(StoreKey.session("second")).isEmpty());
            assertInstanceOf(
                    WriteResult.Written.class, store.write(create("second")), "the retry once the lock is free");
        }
    }
}
