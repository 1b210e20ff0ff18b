package dev.stepwise.store.jdbc;

import dev.stepwise.store.StoreProviders;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One direct connection to a database server before its pool is built. The pool retries for its
 * whole connection timeout (5 s) and then reports only "request timed out"; a URI the server
 * refuses for good (no such database, a refused login) should fail at once with the server's own
 * reason, and a server that is down should say so at once too.
 */
final class ServerProbe {

    private ServerProbe() {}

    /**
     * @throws IllegalArgumentException when the database does not exist or the login is refused
     * @throws dev.stepwise.store.StoreException when the server cannot be reached (retryable) or
     *     fails otherwise; {@code dialect} (may be null) names the product in that message
     */
    static void check(String uri, Driver driver, String database, Properties properties, Dialect dialect) {
        try (Connection ignored = driver.connect(uri, properties)) {
            // reachable, the database exists and the login works: the pool takes over
        } catch (SQLException e) {
            String redacted = StoreProviders.redact(uri);
            if (missingDatabase(e)) {
                throw new IllegalArgumentException(
                        "the " + database + " database named in '" + redacted + "' does not exist (" + reason(e)
                                + "); create it first (CREATE DATABASE name) or fix the URI",
                        e);
            }
            if (refusedLogin(e)) {
                throw new IllegalArgumentException(
                        database + " refused the login of '" + redacted + "' (" + reason(e)
                                + "); check the user and password",
                        e);
            }
            throw Failures.translate(e, dialect, "connecting to '" + redacted + "'");
        }
    }

    /** PostgreSQL's SQLSTATE 3D000 (invalid catalog name), MariaDB/MySQL error 1049 (unknown database). */
    static boolean missingDatabase(SQLException e) {
        return "3D000".equals(e.getSQLState()) || e.getErrorCode() == 1049;
    }

    /** SQLSTATE class 28 (invalid authorization), MariaDB/MySQL error 1045 (access denied). */
    static boolean refusedLogin(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("28")) || e.getErrorCode() == 1045;
    }

    private static String reason(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
