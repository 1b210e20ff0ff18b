package dev.stepwise.store.jdbc;

import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Turns JDBC exceptions into store exceptions: anything that says the database is down, gone,
 * overloaded, busy or timed out becomes a retryable {@link StoreUnavailableException}; everything
 * else a {@link StoreException}. Messages name the database and the operation, never a value.
 */
final class Failures {

    private Failures() {}

    static StoreException translate(SQLException e, Dialect dialect, String operation) {
        String detail = describe(e);
        String product = dialect == null ? "the database" : dialect.product();
        if (isUnavailable(e, dialect)) {
            return new StoreUnavailableException(product + " is unavailable (" + operation + "): " + detail, e);
        }
        return new StoreException(product + " failed (" + operation + "): " + detail, e);
    }

    /** Whether the exception, or one chained to it, means the database cannot serve the call now. */
    static boolean isUnavailable(SQLException e, Dialect dialect) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; t = next(t), depth++) {
            if (!(t instanceof SQLException sql)) {
                continue;
            }
            if (sql instanceof SQLTransientException
                    || sql instanceof SQLRecoverableException
                    || sql instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (unavailableState(sql.getSQLState()) || (dialect != null && dialect.isUnavailable(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database aborted the transaction to break a deadlock or a write-write conflict
     * (SQLSTATE 40001 / 40P01, InnoDB 1213, H2 concurrent update): running it again is safe.
     */
    static boolean isDeadlock(SQLException e, Dialect dialect) {
        String state = e.getSQLState();
        return "40001".equals(state)
                || "40P01".equals(state)
                || e.getErrorCode() == 1213
                || (dialect instanceof H2Dialect && e.getErrorCode() == 90131);
    }

    /**
     * SQLSTATE classes: 08 connection exception, 40001/40P01 serialisation failure and deadlock,
     * 53 insufficient resources, 57 operator intervention (shutdown, cancelled), 58 system error,
     * HYT00/HYT01 timeouts.
     */
    static boolean unavailableState(String state) {
        if (state == null || state.length() < 2) {
            return false;
        }
        String cls = state.substring(0, 2);
        return cls.equals("08")
                || cls.equals("53")
                || cls.equals("57")
                || cls.equals("58")
                || state.equals("40001")
                || state.equals("40P01")
                || state.equals("HYT00")
                || state.equals("HYT01");
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null) {
            return sql.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String describe(SQLException e) {
        String state = e.getSQLState();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return (state == null ? "" : "[" + state + "] ") + message;
    }
}
