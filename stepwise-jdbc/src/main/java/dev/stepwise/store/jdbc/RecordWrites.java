package dev.stepwise.store.jdbc;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Versions;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.support.CasRetry;
import dev.stepwise.store.support.ExpectSwitch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Conditional writes and deletes. Each runs as one short transaction whose first statement is the
 * conditional UPDATE / INSERT / DELETE of the record row, so the row lock is taken by the statement
 * that checks the condition and held only until commit:
 * <ul>
 *   <li>{@code version(v)}: {@code UPDATE ... WHERE id = ? AND version = v AND expires_at > now};</li>
 *   <li>{@code any()}: the same without the version, or a create when no live row matched;</li>
 *   <li>{@code absent()} (create): delete an expired row, then INSERT; a duplicate key means a live
 *       record exists (a conflict).</li>
 * </ul>
 * The record's items are appended in the same transaction, so they exist iff the write committed.
 */
final class RecordWrites {

    /** Attempts for writes that lose a race to a concurrent create or delete and may simply run again. */
    private static final CasRetry RETRY = CasRetry.STORE_DEFAULT.withMaxAttempts(8);

    private final Database db;
    private final Sql sql;
    private final ItemLog items;
    private final RecordReads reads;
    private final Clock clock;
    private final boolean insertFirst;

    RecordWrites(Database db, Sql sql, ItemLog items, RecordReads reads, Clock clock) {
        this.db = db;
        this.sql = sql;
        this.items = items;
        this.reads = reads;
        this.clock = clock;
        this.insertFirst = !db.dialect().onDuplicateKeyDoNothing().isEmpty();
    }

    WriteResult write(Write write) throws SQLException {
        TextColumns.checkAttributes(write.attributes());
        TextColumns.checkItems(write.items());
        Optional<WriteResult> result = RETRY.run(n -> {
            long now = clock.millis();
            long expires = Times.expiry(now, write.ttl());
            WriteResult.Written written = db.write(c -> attempt(c, write, now, expires));
            return written != null ? Optional.of(written) : afterRollback(write);
        });
        return result.orElseThrow(() -> new StoreUnavailableException(
                "write of " + write.key() + " lost " + RETRY.maxAttempts()
                        + " races in a row to concurrent creates and deletes; try again",
                null));
    }

    /** What a rolled-back attempt means: a conflict, or (empty) a lost race to run again. */
    private Optional<WriteResult> afterRollback(Write write) throws SQLException {
        return ExpectSwitch.on(
                write.expect(),
                () -> {
                    Optional<Stored> current = reads.read(write.key());
                    // empty: the record that blocked the create is already gone again; create now
                    return current.isPresent() ? Optional.of(new WriteResult.Conflict(current)) : Optional.empty();
                },
                expected -> Optional.of(new WriteResult.Conflict(reads.read(write.key()))),
                // a concurrent create won between our UPDATE and INSERT: update its record now
                Optional::empty);
    }

    /** The written result, or null (rolled back) when the condition failed or a concurrent create won. */
    private Database.Outcome<WriteResult.Written> attempt(Connection c, Write w, long now, long expires)
            throws SQLException {
        return ExpectSwitch.on(
                w.expect(),
                () -> create(c, w, now, expires),
                expected -> updateIfVersion(c, w, expected, now, expires),
                () -> upsert(c, w, now, expires));
    }

    /** The CAS update of version {@code expected}; rolled back when it matched no row. */
    private Database.Outcome<WriteResult.Written> updateIfVersion(
            Connection c, Write w, long expected, long now, long expires) throws SQLException {
        boolean appending = !w.items().isEmpty();
        long next = Versions.next(expected);
        if (sql.keepsIndexes() && updateKeepingIndexes(c, w, expected, next, now, expires)) {
            return appendAndCommit(c, w, next, expires);
        }
        try (PreparedStatement ps =
                c.prepareStatement(appending ? sql.updateIfVersionAppending : sql.updateIfVersion)) {
            ps.setLong(1, next);
            int i = bindContent(ps, 2, w, now, expires);
            i = bindNewLastSeq(ps, i, w);
            i = Rows.bindKey(ps, i, w.key());
            ps.setLong(i++, expected);
            ps.setLong(i++, now);
            bindSeqAbove(ps, i, w);
            if (ps.executeUpdate() == 0) {
                if (appending) {
                    refuseSeqsNotAbove(c, w, now, expected);
                }
                return Database.Outcome.rollback(null);
            }
        }
        return appendAndCommit(c, w, next, expires);
    }

    /** Updates the live record whatever its version, or creates it when none is live. */
    private Database.Outcome<WriteResult.Written> upsert(Connection c, Write w, long now, long expires)
            throws SQLException {
        boolean appending = !w.items().isEmpty();
        try (PreparedStatement ps = c.prepareStatement(appending ? sql.updateIfLiveAppending : sql.updateIfLive)) {
            int i = bindContent(ps, 1, w, now, expires);
            i = bindNewLastSeq(ps, i, w);
            i = Rows.bindKey(ps, i, w.key());
            ps.setLong(i++, now);
            bindSeqAbove(ps, i, w);
            if (ps.executeUpdate() == 1) {
                return appendAndCommit(c, w, currentVersion(c, w.key()), expires);
            }
            if (appending) {
                refuseSeqsNotAbove(c, w, now, null);
            }
        }
        return create(c, w, now, expires);
    }

    /**
     * The CAS update that names no indexed column: true when it matched, i.e. the version and seqs
     * were right and the listing attributes and expiry minute are the stored ones. Anything else
     * (a conflict, a changed attribute, the expiry moving to another minute) falls through to the
     * full update, which tells those apart.
     */
    private boolean updateKeepingIndexes(Connection c, Write w, long expected, long next, long now, long expires)
            throws SQLException {
        boolean appending = !w.items().isEmpty();
        try (PreparedStatement ps = c.prepareStatement(
                appending ? sql.updateIfVersionKeepingIndexesAppending : sql.updateIfVersionKeepingIndexes)) {
            int i = 1;
            ps.setLong(i++, next);
            ps.setBytes(i++, w.value());
            Rows.setText(ps, i++, w.attributes().status());
            ps.setLong(i++, now);
            ps.setLong(i++, expires);
            i = bindNewLastSeq(ps, i, w);
            i = Rows.bindKey(ps, i, w.key());
            ps.setLong(i++, expected);
            ps.setLong(i++, now);
            i = bindSeqAbove(ps, i, w);
            Rows.setText(ps, i++, w.attributes().flowId());
            Rows.setText(ps, i++, w.attributes().userId());
            ps.setLong(i, Times.minutes(expires));
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Creates the record where no live one exists; null (rolled back) when one does.
     *
     * <p>Where the INSERT can do nothing on a duplicate key (PostgreSQL, SQLite: no error, and no
     * lock on the existing row) it comes first: when no row exists at all it is the only record
     * statement, and there is no log to clear, because every path that removes a record row
     * (delete, replacing an expired row, the sweeper) removes its items in the same transaction.
     * Only when a row is in the way is it removed if expired, with its log, and the INSERT repeated.
     * Elsewhere (MariaDB/MySQL, H2) a failed INSERT locks the existing row shared, and two creates
     * upgrading that lock to delete it would deadlock each other, so the expired row goes first.
     */
    private Database.Outcome<WriteResult.Written> create(Connection c, Write w, long now, long expires)
            throws SQLException {
        long version = Versions.initial();
        if (insertFirst) {
            if (insert(c, w, version, now, expires)) {
                return appendAndCommit(c, w, version, expires);
            }
            if (!deleteExpired(c, w.key(), now)) {
                return Database.Outcome.rollback(null); // a live record is in the way
            }
            items.clear(c, w.key()); // the log of the expired predecessor does not carry over
            if (!insert(c, w, version, now, expires)) {
                return Database.Outcome.rollback(null);
            }
            return appendAndCommit(c, w, version, expires);
        }
        deleteExpired(c, w.key(), now);
        if (!insert(c, w, version, now, expires)) {
            return Database.Outcome.rollback(null);
        }
        items.clear(c, w.key()); // the log of an expired predecessor does not carry over
        return appendAndCommit(c, w, version, expires);
    }

    /** Deletes the row at {@code key} if it has expired; whether there was one. */
    private boolean deleteExpired(Connection c, StoreKey key, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.deleteExpired)) {
            int i = Rows.bindKey(ps, 1, key);
            ps.setLong(i, now);
            return ps.executeUpdate() > 0;
        }
    }

    /** Inserts the record row; false when a row with its key exists (nothing inserted). */
    private boolean insert(Connection c, Write w, long version, long now, long expires) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.insert)) {
            int i = Rows.bindKey(ps, 1, w.key());
            ps.setLong(i++, version);
            i = bindContent(ps, i, w, now, expires);
            ps.setLong(i, w.items().isEmpty() ? 0 : lastSeq(w));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (db.dialect().isDuplicateKey(e)) {
                return false; // databases without ON CONFLICT DO NOTHING: only this statement failed
            }
            throw e;
        }
    }

    private Database.Outcome<WriteResult.Written> appendAndCommit(Connection c, Write w, long version, long expires)
            throws SQLException {
        items.append(c, w.key(), w.items());
        return Database.Outcome.commit(new WriteResult.Written(version, Instant.ofEpochMilli(expires)));
    }

    /**
     * After an appending UPDATE matched no row: throws when the row is live (with the expected
     * version, if any) and it was the seq condition that failed. Runs only on that failure path, so
     * the check costs a turn nothing.
     *
     * @throws IllegalArgumentException when the first new seq is not above the record's last seq
     */
    private void refuseSeqsNotAbove(Connection c, Write w, long now, Long expectedVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.selectLiveLastSeq)) {
            int i = Rows.bindKey(ps, 1, w.key());
            ps.setLong(i, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || expectedVersion != null && rs.getLong(1) != expectedVersion) {
                    return;
                }
                long last = rs.getLong(2);
                long first = w.items().get(0).seq();
                if (first <= last) {
                    throw new IllegalArgumentException(
                            "item seq " + first + " of " + w.key() + " is not above the last stored seq " + last);
                }
            }
        }
    }

    /** Binds the new last_seq of an appending UPDATE (nothing when the write has no items). */
    private static int bindNewLastSeq(PreparedStatement ps, int i, Write w) throws SQLException {
        if (w.items().isEmpty()) {
            return i;
        }
        ps.setLong(i, lastSeq(w));
        return i + 1;
    }

    /** Binds the {@code last_seq < first new seq} condition of an appending UPDATE; returns the next index. */
    private static int bindSeqAbove(PreparedStatement ps, int i, Write w) throws SQLException {
        if (w.items().isEmpty()) {
            return i;
        }
        ps.setLong(i, w.items().get(0).seq());
        return i + 1;
    }

    private static long lastSeq(Write w) {
        return w.items().get(w.items().size() - 1).seq();
    }

    /** Binds data, flow_id, status, user_id, updated_at, expires_at, expires_minute; returns the next index. */
    private static int bindContent(PreparedStatement ps, int i, Write w, long now, long expires) throws SQLException {
        ps.setBytes(i++, w.value());
        Rows.setText(ps, i++, w.attributes().flowId());
        Rows.setText(ps, i++, w.attributes().status());
        Rows.setText(ps, i++, w.attributes().userId());
        ps.setLong(i++, now);
        ps.setLong(i++, expires);
        ps.setLong(i++, Times.minutes(expires));
        return i;
    }

    private long currentVersion(Connection c, StoreKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.selectVersion)) {
            Rows.bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("record " + key + " vanished inside its own write transaction");
                }
                return rs.getLong(1);
            }
        }
    }

    DeleteResult delete(StoreKey key, Expect expect) throws SQLException {
        long now = clock.millis();
        DeleteResult.Deleted deleted = db.write(c -> ExpectSwitch.onDelete(
                expect,
                expected -> {
                    if (execute(c, sql.deleteIfVersion, key, expected, now) == 0) {
                        return Database.Outcome.rollback(null);
                    }
                    items.clear(c, key);
                    return Database.Outcome.commit(new DeleteResult.Deleted(true));
                },
                () -> {
                    boolean existed = execute(c, sql.deleteIfLive, key, null, now) == 1;
                    // an expired remnant only: a live record created since the first statement is not ours to
                    // delete
                    if (existed || execute(c, sql.deleteExpired, key, null, now) > 0) {
                        items.clear(c, key);
                    }
                    return Database.Outcome.commit(new DeleteResult.Deleted(existed));
                }));
        return deleted != null ? deleted : new DeleteResult.Conflict(reads.read(key));
    }

    /** Runs a statement taking (kind, id[, version][, now]). */
    private static int execute(Connection c, String statement, StoreKey key, Long version, Long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            int i = Rows.bindKey(ps, 1, key);
            if (version != null) {
                ps.setLong(i++, version);
            }
            if (now != null) {
                ps.setLong(i, now);
            }
            return ps.executeUpdate();
        }
    }
}
