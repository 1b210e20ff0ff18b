package dev.stepwise.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Write;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hot-path statements use an index on PostgreSQL, never a sequential scan, on tables big enough
 * for the planner to care (20,000 records, 20,000 items on one record). Prints each plan.
 */
class PostgresQueryPlanTest {

    private JdbcFixture fixture;
    private Sql sql;
    private final StoreKey key = StoreKey.session("hot");

    @BeforeEach
    void fill() throws SQLException {
        fixture = new JdbcFixture(TestDatabase.POSTGRES);
        JdbcStore store = fixture.client(fixture.builder().sweepInterval(Duration.ZERO));
        store.write(Write.of(key, new byte[] {1}, Expect.absent(), Duration.ofHours(1)));
        Tables t = fixture.tables();
        sql = new Sql(t, JdbcDialect.POSTGRESQL.sql());
        try (Connection c = fixture.connect();
                Statement s = c.createStatement()) {
            long future = System.currentTimeMillis() + 3_600_000;
            s.execute("INSERT INTO " + t.records() + " (kind, id, version, data, flow_id, status, user_id, updated_at,"
                    + " expires_at, expires_minute) SELECT 1 + g % 4, decode(lpad(to_hex(g), 8, '0'), 'hex'), g, '\\x00',"
                    + " 'flow' || (g % 10), 'active', 'user' || (g % 1000), 0, " + future + " + g, (" + future
                    + " + g) / 60000 FROM generate_series(1, 20000) g");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.items()
                    + " SELECT 1, ?, g, 'user', 0, 0, '\\x00' FROM generate_series(1, 20000) g")) {
                ps.setBytes(1, Ids.encode(key.id()));
                ps.executeUpdate();
            }
            s.execute("ANALYZE " + t.records());
            s.execute("ANALYZE " + t.items());
        }
    }

    @AfterEach
    void drop() throws Exception {
        fixture.close();
    }

    @Test
    void hotPathStatementsUseIndexes() throws SQLException {
        long now = System.currentTimeMillis();
        byte[] id = Ids.encode(key.id());
        byte[] prefix = Ids.encode("h");
        assertIndexed("read", sql.read, 1, id, now);
        assertIndexed(
                "CAS update",
                sql.updateIfVersion,
                2L,
                new byte[] {1},
                "f",
                "s",
                "u",
                now,
                now + 1000,
                0L,
                1,
                id,
                1L,
                now);
        assertIndexed("item window (after)", sql.itemsAfter, 1, id, 19_000L, 1, id, now, 50);
        assertIndexed("item window (last)", sql.itemsLast, 1, id, 1, id, now, 50);
        assertIndexed(
                "CAS update appending",
                sql.updateIfVersionAppending,
                2L,
                new byte[] {1},
                "f",
                "s",
                "u",
                now,
                now + 1000,
                0L,
                7L,
                1,
                id,
                1L,
                now,
                6L);
        assertIndexed("refused append's last seq", sql.selectLiveLastSeq, 1, id, now);
        assertIndexed("create", sql.insert, 1, id, 1L, new byte[] {1}, null, null, null, now, now, 0L, 0L);
        assertIndexed(
                "list by prefix",
                sql.list(ListQuery.of(RecordKind.SESSION, "h", 50), false, true),
                1,
                prefix,
                Ids.upperBound(prefix),
                now,
                51);
        assertIndexed(
                "list by user",
                sql.list(ListQuery.of(RecordKind.SESSION, "", 50).withUserId("user7"), false, false),
                1,
                new byte[0],
                now,
                "user7",
                51);
        assertIndexed("sweep batch", sql.expiredBatch, Times.minutes(now), now, Sweeper.BATCH);
    }

    private void assertIndexed(String name, String statement, Object... parameters) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection c = fixture.connect();
                PreparedStatement ps = c.prepareStatement("EXPLAIN " + statement)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                if (p instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (p == null) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
        }
        System.out.println("PLAN " + name + ": " + String.join(" | ", plan));
        String all = String.join("\n", plan);
        assertFalse(all.contains("Seq Scan"), name + " scans a table:\n" + all);
        assertTrue(all.contains("Index") || all.startsWith("Insert"), name + " uses no index:\n" + all);
    }
}
