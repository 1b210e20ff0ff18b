package dev.stepwise.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * H2 (embedded or server): {@code VARBINARY} ids (unsigned byte order), {@code BLOB} values. H2
 * commits DDL implicitly, so schema changes are serialised by a lock in this JVM; an embedded H2
 * database is only ever open in one JVM, and every schema statement is idempotent.
 */
final class H2Dialect implements Dialect {

    private static final ColumnTypes TYPES =
            new ColumnTypes("SMALLINT", "VARBINARY(2048)", "BIGINT", "BLOB", "VARCHAR(255)", "VARCHAR(64)", "INT");

    private static final ReentrantLock SCHEMA_LOCK = new ReentrantLock();

    /** Connection broken, database closed, closing at shutdown, already open elsewhere, lock timeout, concurrent update, deadlock, cancelled. */
    private static final Set<Integer> UNAVAILABLE_CODES =
            Set.of(90067, 90098, 90121, 90020, 50200, 90131, 40001, 57014);

    @Override
    public String product() {
        return "H2";
    }

    @Override
    public List<String> createTables(Tables t) {
        return TYPES.createTables(t);
    }

    @Override
    public String onDuplicateKeyDoNothing() {
        return "";
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == 23505;
    }

    @Override
    public boolean isUnavailable(SQLException e) {
        return UNAVAILABLE_CODES.contains(e.getErrorCode());
    }

    @Override
    public void prepare(Connection physical) throws SQLException {
        ReadCommitted.apply(physical);
    }

    @Override
    public <T> T withSchemaLock(Connection c, Tables tables, SqlWork<T> work) throws SQLException {
        SCHEMA_LOCK.lock();
        try {
            return work.run(c);
        } finally {
            SCHEMA_LOCK.unlock();
        }
    }
}
