package dev.stepwise.store.jdbc;

import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.StoreKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Item logs as rows keyed (kind, id, seq): appending touches only the new rows and reading a
 * window is an index range, so neither grows with the length of the log.
 */
final class ItemLog {

    private final Database db;
    private final Sql sql;
    private final Clock clock;

    ItemLog(Database db, Sql sql, Clock clock) {
        this.db = db;
        this.sql = sql;
        this.clock = clock;
    }

    /**
     * Appends items inside the caller's transaction. The record's UPDATE has already checked that
     * they come after its {@code last_seq}; a duplicate key here means a concurrent writer stored
     * the same seqs first.
     *
     * @throws IllegalArgumentException when a seq is already stored
     */
    void append(Connection c, StoreKey key, List<Item> items) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.insertItem)) {
            for (Item item : items) {
                int i = Rows.bindKey(ps, 1, key);
                ps.setLong(i++, item.seq());
                ps.setString(i++, item.kind());
                ps.setLong(i++, item.at().getEpochSecond());
                ps.setInt(i++, item.at().getNano());
                ps.setBytes(i, item.payload());
                if (items.size() == 1) {
                    ps.executeUpdate();
                } else {
                    ps.addBatch();
                }
            }
            if (items.size() > 1) {
                ps.executeBatch();
            }
        } catch (SQLException e) {
            if (db.dialect().isDuplicateKey(e)) {
                // a concurrent unconditional write appended the same seqs first
                throw new IllegalArgumentException(
                        "an item seq of " + key + " in " + items.get(0).seq() + ".."
                                + items.get(items.size() - 1).seq() + " is already stored",
                        e);
            }
            throw e;
        }
    }

    /** Removes the whole log inside the caller's transaction. */
    void clear(Connection c, StoreKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.deleteItems)) {
            Rows.bindKey(ps, 1, key);
            ps.executeUpdate();
        }
    }

    /** A window of the log of a live record; empty when the record is missing or expired. */
    List<Item> read(StoreKey key, ItemWindow window) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(window.last() ? sql.itemsLast : sql.itemsAfter)) {
                int i = Rows.bindKey(ps, 1, key);
                if (!window.last()) {
                    ps.setLong(i++, window.afterSeq());
                }
                i = Rows.bindKey(ps, i, key);
                ps.setLong(i++, clock.millis());
                ps.setInt(i, window.limit());
                List<Item> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(Rows.item(rs));
                    }
                }
                if (window.last()) {
                    Collections.reverse(items);
                }
                return items;
            }
        });
    }

    void trim(StoreKey key, long beforeSeq) throws SQLException {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.trimItems)) {
                int i = Rows.bindKey(ps, 1, key);
                ps.setLong(i, beforeSeq);
                ps.executeUpdate();
            }
            return Database.Outcome.commit(null);
        });
    }
}
