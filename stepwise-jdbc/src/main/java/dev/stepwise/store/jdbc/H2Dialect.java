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
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + t.records() + " ("
                        + "kind SMALLINT NOT NULL, id VARBINARY(2048) NOT NULL, version BIGINT NOT NULL, data BLOB NOT NULL, "
                        + "flow_id VARCHAR(255), status VARCHAR(255), user_id VARCHAR(255), "
                        + "updated_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, "
                        + "PRIMARY KEY (kind, id))",
                "CREATE INDEX IF NOT EXISTS " + t.index("records_flow") + " ON " + t.records() + " (kind, flow_id, id)",
                "CREATE INDEX IF NOT EXISTS " + t.index("records_user") + " ON " + t.records() + " (kind, user_id, id)",
                "CREATE INDEX IF NOT EXISTS " + t.index("records_expiry") + " ON " + t.records() + " (expires_at)",
                "CREATE TABLE IF NOT EXISTS " + t.items() + " ("
                        + "kind SMALLINT NOT NULL, id VARBINARY(2048) NOT NULL, seq BIGINT NOT NULL, item_kind VARCHAR(64) NOT NULL, "
                        + "at_sec BIGINT NOT NULL, at_nano INT NOT NULL, payload BLOB NOT NULL, "
                        + "PRIMARY KEY (kind, id, seq))");
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
