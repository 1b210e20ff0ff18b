package dev.stepwise.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * MariaDB and MySQL (InnoDB): {@code VARBINARY} ids (binary order, case-sensitive),
 * {@code utf8mb4_bin} attributes, indexes declared inside {@code CREATE TABLE} (MySQL has no
 * {@code CREATE INDEX IF NOT EXISTS}), {@code GET_LOCK} around schema changes. An id takes at most
 * 2048 bytes, so (kind, attribute, id) indexes stay inside InnoDB's 3072-byte key limit.
 */
final class MariaDbDialect implements Dialect {

    /** Lock wait timeout, deadlock, too many connections, shutdown, killed, interrupted, timeouts, client-side connection loss. */
    private static final Set<Integer> UNAVAILABLE_CODES =
            Set.of(1205, 1213, 1040, 1053, 1927, 1317, 1969, 3024, 2002, 2003, 2006, 2013);

    private static final String TEXT = " VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

    private final String product;

    MariaDbDialect(String product) {
        this.product = product;
    }

    @Override
    public String product() {
        return product;
    }

    @Override
    public List<String> createTables(Tables t) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + t.records() + " ("
                        + "kind SMALLINT NOT NULL, id VARBINARY(2048) NOT NULL, version BIGINT NOT NULL, data LONGBLOB NOT NULL, "
                        + "flow_id" + TEXT + " NULL, status" + TEXT + " NULL, user_id" + TEXT + " NULL, "
                        + "updated_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, "
                        + "PRIMARY KEY (kind, id), "
                        + "INDEX " + t.index("records_flow") + " (kind, flow_id, id), "
                        + "INDEX " + t.index("records_user") + " (kind, user_id, id), "
                        + "INDEX " + t.index("records_expiry") + " (expires_at)"
                        + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC",
                "CREATE TABLE IF NOT EXISTS " + t.items() + " ("
                        + "kind SMALLINT NOT NULL, id VARBINARY(2048) NOT NULL, seq BIGINT NOT NULL, "
                        + "item_kind VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, "
                        + "at_sec BIGINT NOT NULL, at_nano INT NOT NULL, payload LONGBLOB NOT NULL, "
                        + "PRIMARY KEY (kind, id, seq)"
                        + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC");
    }

    /**
     * MySQL has no {@code ADD COLUMN IF NOT EXISTS} (MariaDB has): there the step relies on
     * {@code GET_LOCK} and the recorded schema version alone.
     */
    @Override
    public String addColumn(String table, String definition) {
        return mysql()
                ? "ALTER TABLE " + table + " ADD COLUMN " + definition
                : Dialect.super.addColumn(table, definition);
    }

    /** MySQL has no {@code IF NOT EXISTS} for indexes either; MariaDB has. */
    @Override
    public String createIndex(String name, String table, String columns) {
        return "ALTER TABLE " + table + " ADD INDEX " + (mysql() ? "" : "IF NOT EXISTS ") + name + " (" + columns + ")";
    }

    @Override
    public String dropIndex(String name, String table) {
        return "ALTER TABLE " + table + " DROP INDEX " + (mysql() ? "" : "IF EXISTS ") + name;
    }

    /** {@code /} is decimal division here. */
    @Override
    public String minutesOf(String column) {
        return column + " DIV 60000";
    }

    private boolean mysql() {
        return product.equals("MySQL");
    }

    @Override
    public String onDuplicateKeyDoNothing() {
        return ""; // INSERT IGNORE would also swallow truncation and other errors
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == 1062;
    }

    @Override
    public boolean isUnavailable(SQLException e) {
        return UNAVAILABLE_CODES.contains(e.getErrorCode()) || "70100".equals(e.getSQLState());
    }

    @Override
    public void prepare(Connection physical) throws SQLException {
        ReadCommitted.apply(physical);
    }

    @Override
    public <T> T withSchemaLock(Connection c, Tables tables, SqlWork<T> work) throws SQLException {
        String name = "stepwise_schema:" + tables.prefix();
        try (PreparedStatement lock = c.prepareStatement("SELECT GET_LOCK(?, 60)")) {
            lock.setString(1, name);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new SQLException(
                            "timed out after 60 s waiting for the schema lock '" + name
                                    + "' held by another Stepwise instance",
                            "HYT00");
                }
            }
        }
        try {
            return work.run(c);
        } finally {
            try (PreparedStatement unlock = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                unlock.setString(1, name);
                unlock.execute();
            }
        }
    }
}
