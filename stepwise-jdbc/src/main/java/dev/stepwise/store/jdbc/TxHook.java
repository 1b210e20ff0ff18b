package dev.stepwise.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A test seam: called on the writing thread at fixed points of a write transaction, so a test can
 * kill the connection between statements and check that nothing partial becomes visible.
 */
@FunctionalInterface
interface TxHook {

    TxHook NONE = (stage, connection) -> {};

    enum Stage {
        /** The record row is written; its items are not yet appended. */
        RECORD_WRITTEN,
        /** Every statement ran; the transaction is about to commit. */
        BEFORE_COMMIT
    }

    void at(Stage stage, Connection connection) throws SQLException;
}
