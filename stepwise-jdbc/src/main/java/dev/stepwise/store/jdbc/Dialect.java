package dev.stepwise.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between databases: column types and DDL, how a duplicate insert is reported, which
 * errors mean "unavailable", per-connection setup and how schema changes are serialised. All SQL
 * the store runs for records and items is otherwise standard and lives in {@link Sql}.
 */
interface Dialect {

    /** The product name, for messages ("PostgreSQL"). */
    String product();

    /** Statements creating schema version 1; each is idempotent ({@code IF NOT EXISTS}). */
    List<String> createTables(Tables tables);

    /**
     * A statement adding a column to an existing table. Where the database can, the statement is a
     * no-op when the column exists ({@code ADD COLUMN IF NOT EXISTS}); otherwise it relies on the
     * schema lock and the recorded version to run once.
     */
    default String addColumn(String table, String definition) {
        return "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + definition;
    }

    /** A statement creating an index unless it exists. */
    default String createIndex(String name, String table, String columns) {
        return "CREATE INDEX IF NOT EXISTS " + name + " ON " + table + " (" + columns + ")";
    }

    /** A statement dropping an index if it exists. */
    default String dropIndex(String name, String table) {
        return "DROP INDEX IF EXISTS " + name;
    }

    /** An SQL expression for the whole minutes of epoch milliseconds in {@code column} (non-negative). */
    default String minutesOf(String column) {
        return column + " / 60000";
    }

    /**
     * Whether an UPDATE maintains every index on a column named in its SET list, even when the
     * value stays the same (SQLite). The store then names the indexed columns only when their
     * values change. PostgreSQL and InnoDB compare values themselves.
     */
    default boolean updatesIndexesOfUnchangedColumns() {
        return false;
    }

    /**
     * Whether the driver compiles the SQL on every {@code prepareStatement} and keeps no statement
     * cache of its own (sqlite-jdbc), so the store keeps prepared statements per connection
     * ({@link StatementCache}). PostgreSQL's and MariaDB's drivers cache server-side statements.
     */
    default boolean cacheStatements() {
        return false;
    }

    /**
     * The clause appended to the record INSERT so a duplicate key inserts nothing instead of failing
     * ("" when the dialect has none; {@link #isDuplicateKey} then recognises the failure).
     */
    String onDuplicateKeyDoNothing();

    /** Whether the exception reports a primary-key or unique violation. */
    boolean isDuplicateKey(SQLException e);

    /** Dialect-specific vendor codes meaning the database is unreachable, busy or timed out. */
    boolean isUnavailable(SQLException e);

    /**
     * Prepares a physical connection the first time the store sees it: READ COMMITTED for server
     * databases, a busy timeout for SQLite. Runs on the unwrapped connection so a pool does not
     * reset it when the connection is returned.
     */
    void prepare(Connection physical) throws SQLException;

    /** Serialises schema creation and upgrades between instances starting at once. */
    <T> T withSchemaLock(Connection connection, Tables tables, SqlWork<T> work) throws SQLException;

    /** Runs after the schema is current, e.g. to switch SQLite to WAL. */
    default void afterSchema(Connection connection) throws SQLException {}

    /** Whether the database takes one writer at a time (SQLite), so the store queues its writers. */
    default boolean singleWriter() {
        return false;
    }

    /** Work against a connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
