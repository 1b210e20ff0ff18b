package dev.stepwise.store.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The only class touching sqlite-jdbc types, so the rest of the store loads without that optional
 * driver on the class path.
 */
final class SqliteDataSources {

    private SqliteDataSources() {}

    /** A data source opening {@code file} with WAL, synchronous=NORMAL and a busy timeout. */
    static DataSource forFile(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(SqliteDialect.BUSY_TIMEOUT_MILLIS);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return dataSource;
    }
}
