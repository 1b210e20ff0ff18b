package dev.stepwise.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL: {@code bytea} ids and values (opaque bytes, compared bytewise), {@code ON CONFLICT DO
 * NOTHING} for creates, an advisory lock around schema changes.
 */
final class PostgresDialect implements Dialect {

    /** Opaque bytes in {@code bytea}, compared bytewise. */
    private static final ColumnTypes TYPES =
            new ColumnTypes("SMALLINT", "BYTEA", "BIGINT", "BYTEA", "TEXT", "TEXT", "INT");

    @Override
    public String product() {
        return "PostgreSQL";
    }

    @Override
    public List<String> createTables(Tables t) {
        return TYPES.createTables(t);
    }

    @Override
    public String onDuplicateKeyDoNothing() {
        return " ON CONFLICT (kind, id) DO NOTHING";
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    public boolean isUnavailable(SQLException e) {
        return false; // PostgreSQL reports everything relevant through SQLSTATE classes (08, 40, 53, 57, 58)
    }

    @Override
    public void prepare(Connection physical) throws SQLException {
        ReadCommitted.apply(physical);
    }

    @Override
    public <T> T withSchemaLock(Connection c, Tables tables, SqlWork<T> work) throws SQLException {
        long key = lockKey(tables);
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setQueryTimeout(60);
            lock.setLong(1, key);
            lock.execute();
        }
        try {
            return work.run(c);
        } finally {
            try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, key);
                unlock.execute();
            }
        }
    }

    /** A stable 64-bit advisory-lock key per table prefix (FNV-1a). */
    private static long lockKey(Tables tables) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : ("stepwise-schema:" + tables.prefix()).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
