package dev.stepwise.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite: {@code BLOB} ids (memcmp order), {@code ON CONFLICT DO NOTHING} for creates, WAL journal,
 * a busy timeout on every connection, one writer at a time, schema changes inside one
 * {@code BEGIN IMMEDIATE} transaction (SQLite DDL is transactional).
 */
final class SqliteDialect implements Dialect {

    private static final ColumnTypes TYPES =
            new ColumnTypes("INTEGER", "BLOB", "INTEGER", "BLOB", "TEXT", "TEXT", "INTEGER");

    /** How long a writer waits for another process's write lock before the store reports unavailable. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteDialect.class);

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_CONSTRAINT = 19;

    @Override
    public String product() {
        return "SQLite";
    }

    @Override
    public List<String> createTables(Tables t) {
        return TYPES.createTables(t);
    }

    /** SQLite has no {@code IF NOT EXISTS} here; its DDL is transactional, so a step and its version commit together. */
    @Override
    public String addColumn(String table, String definition) {
        return "ALTER TABLE " + table + " ADD COLUMN " + definition;
    }

    @Override
    public String onDuplicateKeyDoNothing() {
        return " ON CONFLICT (kind, id) DO NOTHING";
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return primaryCode(e) == SQLITE_CONSTRAINT && (message.contains("UNIQUE") || message.contains("PRIMARY KEY"));
    }

    @Override
    public boolean isUnavailable(SQLException e) {
        int code = primaryCode(e);
        return code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_IOERR || code == SQLITE_CANTOPEN;
    }

    @Override
    public void prepare(Connection physical) throws SQLException {
        try (Statement s = physical.createStatement()) {
            int current;
            try (ResultSet rs = s.executeQuery("PRAGMA busy_timeout")) {
                current = rs.next() ? rs.getInt(1) : 0;
            }
            if (current <= 0) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            }
        }
    }

    @Override
    public <T> T withSchemaLock(Connection c, Tables tables, SqlWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.setAutoCommit(true);
        }
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
            s.execute("COMMIT");
            return result;
        } finally {
            if (!autoCommit) {
                c.setAutoCommit(false);
            }
        }
    }

    @Override
    public void afterSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            String mode;
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                mode = rs.next() ? rs.getString(1).toLowerCase(Locale.ROOT) : "";
            }
            if (mode.equals("wal") || mode.equals("memory")) {
                return;
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                String now = rs.next() ? rs.getString(1) : "?";
                if (!"wal".equalsIgnoreCase(now)) {
                    LOG.warn("SQLite stayed in journal mode '{}' instead of WAL; writers will block readers", now);
                }
            }
        }
    }

    @Override
    public boolean cacheStatements() {
        return true;
    }

    @Override
    public boolean updatesIndexesOfUnchangedColumns() {
        return true;
    }

    @Override
    public boolean singleWriter() {
        return true;
    }

    private static int primaryCode(SQLException e) {
        return e.getErrorCode() & 0xFF;
    }
}
