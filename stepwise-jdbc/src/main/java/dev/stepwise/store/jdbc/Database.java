package dev.stepwise.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Borrows connections and runs work on them: reads in auto-commit, writes in one short
 * transaction that is rolled back on any failure, the connection always returned. Each physical
 * connection is prepared once by the dialect. For a single-writer database (SQLite) writers of this
 * store queue on a fair lock instead of spinning on the database's busy handler.
 */
final class Database {

    /** Runs of one transaction when the database keeps picking it as a deadlock victim. */
    private static final int DEADLOCK_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ReentrantLock writeLock;
    private final Set<Connection> prepared =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final StatementCache statements;

    Database(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.writeLock = dialect.singleWriter() ? new ReentrantLock(true) : null;
        this.statements = dialect.cacheStatements() ? new StatementCache() : null;
    }

    Dialect dialect() {
        return dialect;
    }

    /** A connection in auto-commit mode, prepared for the dialect. The caller closes it. */
    Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            Connection physical =
                    connection.isWrapperFor(Connection.class) ? connection.unwrap(Connection.class) : connection;
            if (!prepared.contains(physical)) {
                dialect.prepare(physical);
                prepared.add(physical);
            }
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return statements == null ? connection : statements.wrap(connection, physical);
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(connection, e);
            throw e;
        }
    }

    /** Runs read-only work in auto-commit mode. */
    <T> T read(Dialect.SqlWork<T> work) throws SQLException {
        try (Connection connection = open()) {
            return work.run(connection);
        }
    }

    /**
     * Runs work in one transaction: committed when it returns {@link Outcome#commit}, rolled back
     * when it returns {@link Outcome#rollback} or throws. Either way the connection goes back in
     * auto-commit mode. A transaction the database aborts as a deadlock victim (InnoDB resolves
     * concurrent duplicate-key checks that way) is run again a few times, so the work must be
     * repeatable: it is, as nothing of an aborted transaction remains.
     */
    <T> T write(TxWork<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(work);
            } catch (SQLException e) {
                if (attempt >= DEADLOCK_ATTEMPTS || !Failures.isDeadlock(e, dialect)) {
                    throw e;
                }
                // the database chose this transaction as a deadlock victim and rolled it back: run it again
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
                        ThreadLocalRandom.current().nextInt(1, 5 * attempt + 1)));
            }
        }
    }

    private <T> T writeOnce(TxWork<T> work) throws SQLException {
        if (writeLock != null) {
            writeLock.lock();
        }
        try (Connection connection = open()) {
            return inTransaction(connection, work);
        } finally {
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    private <T> T inTransaction(Connection connection, TxWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            Outcome<T> outcome = work.run(connection);
            if (outcome.commit()) {
                connection.commit();
            } else {
                connection.rollback();
            }
            connection.setAutoCommit(true);
            return outcome.value();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback); // the connection is broken: the pool discards it on close
            }
            throw e;
        }
    }

    private static void closeAfterFailure(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Transactional work and whether to commit it. */
    @FunctionalInterface
    interface TxWork<T> {
        Outcome<T> run(Connection connection) throws SQLException;
    }

    /** The result of transactional work. */
    record Outcome<T>(T value, boolean commit) {

        static <T> Outcome<T> commit(T value) {
            return new Outcome<>(value, true);
        }

        static <T> Outcome<T> rollback(T value) {
            return new Outcome<>(value, false);
        }
    }
}
