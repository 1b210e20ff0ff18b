package dev.stepwise.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static final Dialect PG = JdbcDialect.POSTGRESQL.sql();
    private static final Dialect MARIADB = JdbcDialect.MARIADB.sql();
    private static final Dialect SQLITE = JdbcDialect.SQLITE.sql();
    private static final Dialect H2 = JdbcDialect.H2.sql();

    @Test
    void lostConnectionsShutdownsTimeoutsAndBusyDatabasesAreUnavailable() {
        assertUnavailable(new SQLException("I/O error", "08006"), PG);
        assertUnavailable(new SQLException("terminating connection due to administrator command", "57P01"), PG);
        assertUnavailable(new SQLException("too many connections", "53300"), PG);
        assertUnavailable(new SQLException("deadlock", "40P01"), PG);
        assertUnavailable(new SQLTransientConnectionException("pool timed out"), PG);
        assertUnavailable(new SQLTimeoutException("query timeout"), H2);
        assertUnavailable(new SQLException("Connection was killed", "70100", 1927), MARIADB);
        assertUnavailable(new SQLException("Lock wait timeout exceeded", "HY000", 1205), MARIADB);
        assertUnavailable(new SQLException("[SQLITE_BUSY] The database file is locked", null, 5), SQLITE);
        assertUnavailable(new SQLException("[SQLITE_BUSY_SNAPSHOT]", null, 517), SQLITE);
        assertUnavailable(new SQLException("Database is already closed", "90098", 90098), H2);
        assertUnavailable(new SQLException("wrapper", "HY000", 0, new SQLException("socket", "08S01")), MARIADB);
        SQLException chained = new SQLException("batch failed", "HY000");
        chained.setNextException(new SQLException("connection reset", "08006"));
        assertUnavailable(chained, PG);
    }

    @Test
    void mistakesInDataOrSchemaAreNotRetryable() {
        assertNotUnavailable(new SQLSyntaxErrorException("relation does not exist", "42P01"), PG);
        assertNotUnavailable(new SQLIntegrityConstraintViolationException("duplicate", "23505"), PG);
        assertNotUnavailable(new SQLException("password authentication failed", "28P01"), PG);
        assertNotUnavailable(new SQLException("Data too long", "22001", 1406), MARIADB);
        assertNotUnavailable(new SQLException("[SQLITE_CONSTRAINT]", null, 19), SQLITE);
        assertNotUnavailable(
                new SQLException("no cause here", null, 0, new SocketException("not an SQLException")), PG);
    }

    @Test
    void messagesNameTheDatabaseAndOperation() {
        StoreException e = Failures.translate(new SQLException("boom", "08006"), PG, "write session:abc");
        assertInstanceOf(StoreUnavailableException.class, e);
        assertEquals("PostgreSQL is unavailable (write session:abc): [08006] boom", e.getMessage());
        assertTrue(e.retryable());
        StoreException other = Failures.translate(new SQLException("bad", "42000"), null, "opening");
        assertFalse(other.retryable());
        assertEquals("the database failed (opening): [42000] bad", other.getMessage());
    }

    @Test
    void duplicateKeysAreRecognisedPerDialect() {
        assertTrue(PG.isDuplicateKey(new SQLException("dup", "23505")));
        assertTrue(MARIADB.isDuplicateKey(new SQLException("Duplicate entry", "23000", 1062)));
        assertTrue(H2.isDuplicateKey(new SQLException("Unique index or primary key violation", "23505", 23505)));
        assertTrue(SQLITE.isDuplicateKey(
                new SQLException("[SQLITE_CONSTRAINT_PRIMARYKEY] A PRIMARY KEY constraint failed", null, 19)));
        assertFalse(SQLITE.isDuplicateKey(
                new SQLException("[SQLITE_CONSTRAINT_NOTNULL] NOT NULL constraint failed", null, 19)));
        assertFalse(MARIADB.isDuplicateKey(new SQLException("Lock wait timeout", "HY000", 1205)));
    }

    private static void assertUnavailable(SQLException e, Dialect dialect) {
        assertTrue(Failures.isUnavailable(e, dialect), e + " must be unavailable on " + dialect.product());
        assertInstanceOf(StoreUnavailableException.class, Failures.translate(e, dialect, "op"));
    }

    private static void assertNotUnavailable(SQLException e, Dialect dialect) {
        assertFalse(Failures.isUnavailable(e, dialect), e + " must not be unavailable on " + dialect.product());
        StoreException translated = Failures.translate(e, dialect, "op");
        assertFalse(translated instanceof StoreUnavailableException, translated.toString());
    }
}
