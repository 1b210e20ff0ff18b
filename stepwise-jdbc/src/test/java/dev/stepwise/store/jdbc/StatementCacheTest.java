package dev.stepwise.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statements reused on SQLite: never shared while open, never carrying state from one use to the next. */
class StatementCacheTest {

    private static final String INSERT = "INSERT INTO t (k, v) VALUES (?, ?)";
    private static final String SELECT = "SELECT v FROM t WHERE k = ?";

    @TempDir
    Path dir;

    private Connection physical;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        physical = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
        try (Statement s = physical.createStatement()) {
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
        }
        c = new StatementCache().wrap(physical, physical);
    }

    @AfterEach
    void close() throws SQLException {
        physical.close();
    }

    private static PreparedStatement underlying(PreparedStatement ps) throws SQLException {
        return ps.unwrap(PreparedStatement.class);
    }

    private long rows() throws SQLException {
        try (Statement s = physical.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aClosedStatementIsReusedForTheSameSql() throws SQLException {
        PreparedStatement first;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setInt(1, 1);
            ps.setString(2, "a");
            ps.executeUpdate();
            first = underlying(ps);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            assertSame(first, underlying(ps), "the second use compiles nothing");
            ps.setInt(1, 2);
            ps.setString(2, "b");
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setInt(1, 2);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("b", rs.getString(1));
            }
        }
        assertEquals(2, rows());
    }

    @Test
    void theSameSqlOpenTwiceGetsTwoStatements() throws SQLException {
        try (PreparedStatement outer = c.prepareStatement(INSERT);
                PreparedStatement inner = c.prepareStatement(INSERT)) {
            assertNotSame(underlying(outer), underlying(inner));
            outer.setInt(1, 1);
            outer.setString(2, "outer");
            inner.setInt(1, 2);
            inner.setString(2, "inner");
            inner.executeUpdate();
            outer.executeUpdate();
        }
        assertEquals(2, rows());
    }

    @Test
    void aStatementIsUnusableAfterClose() throws SQLException {
        PreparedStatement ps = c.prepareStatement(INSERT);
        ps.close();
        assertTrue(ps.isClosed());
        assertThrows(SQLException.class, () -> ps.setInt(1, 1));
    }

    @Test
    void aBatchLeftUnexecutedDoesNotRunWithTheNextUse() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setInt(1, 1);
            ps.setString(2, "stale");
            ps.addBatch(); // the caller fails here, before executeBatch
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setInt(1, 2);
            ps.setString(2, "fresh");
            ps.addBatch();
            assertEquals(1, ps.executeBatch().length);
        }
        assertEquals(1, rows(), "only the second use's row");
    }

    @Test
    void aStatementThatFailedIsNotHandedOutAgain() throws SQLException {
        PreparedStatement failed;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setInt(1, 1);
            ps.setString(2, "a");
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            failed = underlying(ps);
            ps.setInt(1, 1);
            ps.setString(2, "duplicate");
            assertThrows(SQLException.class, ps::executeUpdate);
        }
        assertTrue(failed.isClosed(), "the failed statement was closed");
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            assertNotSame(failed, underlying(ps));
            ps.setInt(1, 2);
            ps.setString(2, "b");
            ps.executeUpdate();
        }
        assertEquals(2, rows());
    }

    @Test
    void theLeastRecentlyUsedStatementsAreClosedBeyondTheLimit() throws SQLException {
        PreparedStatement oldest;
        try (PreparedStatement ps = c.prepareStatement("SELECT 0")) {
            oldest = underlying(ps);
        }
        for (int i = 1; i <= StatementCache.PER_CONNECTION; i++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + i)) {
                ps.executeQuery().close();
            }
        }
        assertTrue(oldest.isClosed(), "evicted and closed");
        try (PreparedStatement ps = c.prepareStatement("SELECT " + StatementCache.PER_CONNECTION)) {
            assertTrue(!underlying(ps).isClosed());
        }
    }
}
