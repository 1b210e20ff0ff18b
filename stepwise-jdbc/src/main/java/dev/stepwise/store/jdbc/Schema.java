package dev.stepwise.store.jdbc;

import dev.stepwise.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the store's tables on first use and upgrades them later. The version lives in a one-row
 * table; upgrades run under the dialect's schema lock, so two instances starting at once apply
 * each step exactly once, and every step is idempotent on its own besides.
 */
final class Schema {

    /** One upgrade step: the statements taking the schema from the previous version to this one. */
    @FunctionalInterface
    interface Step {
        List<String> statements(Dialect dialect, Tables tables);
    }

    /** The steps of this release; step {@code i} produces schema version {@code i + 1}. */
    static final List<Step> STEPS = List.of(Dialect::createTables, Schema::version2);

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    private final List<Step> steps;
    private final Consumer<String> report;

    Schema(List<Step> steps) {
        this(steps, LOG::info);
    }

    /** {@code report} receives the one line saying what {@link #migrate} did, if it did anything. */
    Schema(List<Step> steps, Consumer<String> report) {
        this.steps = List.copyOf(steps);
        this.report = report;
    }

    /** The schema version this release writes. */
    int latest() {
        return steps.size();
    }

    /**
     * Brings the tables to {@link #latest()}.
     *
     * @return the version found before upgrading (0 for a fresh database)
     * @throws StoreException when the database holds a newer schema than this release knows
     */
    int migrate(Connection connection, Dialect dialect, Tables tables) throws SQLException {
        return dialect.withSchemaLock(connection, tables, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + tables.schemaVersion()
                        + " (id INT NOT NULL PRIMARY KEY, version INT NOT NULL)");
            }
            Integer found = version(c, tables);
            int current = found == null ? 0 : found;
            if (current > latest()) {
                throw new StoreException("the tables with prefix '" + tables.prefix() + "' are at schema version "
                        + current + ", newer than this Stepwise knows (" + latest()
                        + "); upgrade Stepwise or use another table prefix");
            }
            for (int version = current + 1; version <= latest(); version++) {
                try (Statement s = c.createStatement()) {
                    for (String statement : steps.get(version - 1).statements(dialect, tables)) {
                        s.execute(statement);
                    }
                }
                record(c, tables, version, found != null || version > current + 1);
            }
            // One line: a fresh database is created at the latest version, not "upgraded" through each.
            String tablesName = dialect.product() + " tables with prefix '" + tables.prefix() + "'";
            if (current == 0) {
                report.accept(tablesName + " created at schema version " + latest());
            } else if (current < latest()) {
                report.accept(tablesName + " upgraded from schema version " + current + " to " + latest());
            }
            return current;
        });
    }

    /**
     * Version 2, two changes that take work off every turn:
     * <ul>
     *   <li>{@code last_seq}: each record row keeps the seq of the last item ever appended to its
     *       log, so an append checks its seqs inside the record's UPDATE instead of a
     *       {@code SELECT MAX(seq)} round trip. Rows of version 1 get the last seq their log holds.</li>
     *   <li>{@code expires_minute}: the sweeper's index is on the expiry's whole minute instead of
     *       the exact expiry, so consecutive turns of a session, which all slide the expiry, mostly
     *       leave the index alone. {@code expires_at} stays exact and decides visibility.</li>
     * </ul>
     */
    static List<String> version2(Dialect dialect, Tables t) {
        String r = t.records();
        String i = t.items();
        return List.of(
                dialect.addColumn(r, "last_seq BIGINT NOT NULL DEFAULT 0"),
                "UPDATE " + r + " SET last_seq = COALESCE((SELECT MAX(" + i + ".seq) FROM " + i + " WHERE " + i
                        + ".kind = " + r + ".kind AND " + i + ".id = " + r + ".id), 0)",
                dialect.addColumn(r, "expires_minute BIGINT NOT NULL DEFAULT 0"),
                "UPDATE " + r + " SET expires_minute = " + dialect.minutesOf("expires_at"),
                dialect.createIndex(t.index("records_expiry_minute"), r, "expires_minute"),
                dialect.dropIndex(t.index("records_expiry"), r));
    }

    /** The recorded schema version, or null when none is recorded yet. */
    static Integer version(Connection c, Tables tables) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM " + tables.schemaVersion() + " WHERE id = 1")) {
            return rs.next() ? rs.getInt(1) : null;
        }
    }

    private static void record(Connection c, Tables tables, int version, boolean rowExists) throws SQLException {
        String sql = rowExists
                ? "UPDATE " + tables.schemaVersion() + " SET version = ? WHERE id = 1"
                : "INSERT INTO " + tables.schemaVersion() + " (version, id) VALUES (?, 1)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, version);
            ps.executeUpdate();
        }
    }
}
