package dev.stepwise.store.jdbc;

import dev.stepwise.store.tck.Poll;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Kills PostgreSQL backends with pg_terminate_backend under a write. */
class PostgresConnectionLossTest extends ConnectionLoss {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Override
    long connectionId(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    void kill(long pid) throws Exception {
        number("SELECT CASE WHEN pg_terminate_backend(?::int) THEN 1 ELSE 0 END", pid);
        Poll.until(
                "backend " + pid + " to exit",
                Duration.ofSeconds(20),
                () -> number("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?::int", pid) == 0);
    }

    @Override
    String downUrl() {
        return "jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=2";
    }
}
