package dev.stepwise.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stepwise.store.tck.Services;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The databases the tests run on: SQLite and H2 in-process, PostgreSQL and MariaDB on loopback
 * (database {@code test}; skipped loudly when absent, failing when STEPWISE_REQUIRE_SERVICES=1).
 */
enum TestDatabase {
    SQLITE,
    H2,
    POSTGRES,
    MARIADB;

    static final String POSTGRES_URL =
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&options=-c%20synchronous_commit%3Doff";
    static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    /** Skips (or fails) the calling test when this database's server is not running. */
    void assumeAvailable() {
        switch (this) {
            case POSTGRES -> Services.assumeListening("PostgreSQL", "127.0.0.1", 5432);
            case MARIADB -> Services.assumeListening("MariaDB", "127.0.0.1", 3306);
            default -> {}
        }
    }

    /** The JDBC URL of the namespace: a file for SQLite, a named in-memory database for H2, the shared {@code test} database otherwise. */
    String url(Path sqliteFile, String h2Name) {
        return switch (this) {
            case SQLITE -> "jdbc:sqlite:" + sqliteFile;
            case H2 -> "jdbc:h2:mem:" + h2Name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
            case POSTGRES -> POSTGRES_URL;
            case MARIADB -> MARIADB_URL;
        };
    }

    /** A new, independent pool of at most {@code size} connections, opened lazily. */
    HikariDataSource pool(Path sqliteFile, String h2Name, int size) {
        if (this == SQLITE) {
            return Pools.over(SqliteDataSources.forFile(sqliteFile), "test-sqlite");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url(sqliteFile, h2Name));
        config.setPoolName("test-" + name().toLowerCase());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** A plain, unpooled connection for checks and clean-up. */
    Connection connect(Path sqliteFile, String h2Name) throws SQLException {
        return DriverManager.getConnection(url(sqliteFile, h2Name));
    }

    /** An unpooled data source (a new connection per call). */
    DataSource unpooled(Path sqliteFile, String h2Name) {
        if (this == SQLITE) {
            return SqliteDataSources.forFile(sqliteFile);
        }
        String url = url(sqliteFile, h2Name);
        return new PlainDataSource(url);
    }
}
