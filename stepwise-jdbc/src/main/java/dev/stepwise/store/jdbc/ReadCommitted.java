package dev.stepwise.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Puts a server database connection in READ COMMITTED, the isolation the store's statements are
 * written for: conditional UPDATE/DELETE re-check the row they wait for instead of failing with a
 * serialisation error (PostgreSQL REPEATABLE READ) or taking gap locks that deadlock concurrent
 * creates (InnoDB REPEATABLE READ, the MariaDB default).
 */
final class ReadCommitted {

    private ReadCommitted() {}

    static void apply(Connection physical) throws SQLException {
        if (physical.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
            physical.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
    }
}
