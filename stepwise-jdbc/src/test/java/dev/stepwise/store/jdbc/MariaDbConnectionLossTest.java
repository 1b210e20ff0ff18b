package dev.stepwise.store.jdbc;

import dev.stepwise.store.tck.Poll;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Kills MariaDB connections with KILL CONNECTION under a write. */
class MariaDbConnectionLossTest extends ConnectionLoss {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    long connectionId(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    void kill(long id) throws Exception {
        execute("KILL CONNECTION " + id);
        Poll.until(
                "connection " + id + " to close",
                Duration.ofSeconds(20),
                () -> number("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?", id) == 0);
    }

    @Override
    String downUrl() {
        return "jdbc:mariadb://127.0.0.1:1/test?user=root&connectTimeout=2000";
    }
}
