package dev.stepwise.store.jdbc;

import dev.stepwise.store.ListQuery;

/**
 * Every statement the store runs on records and items, built once from the table names. Each
 * statement on the hot path is a primary-key lookup or range: (kind, id) for records,
 * (kind, id, seq) for items.
 */
final class Sql {

    static final String RECORD_COLUMNS = "id, version, data, flow_id, status, user_id, updated_at, expires_at";
    static final String ITEM_COLUMNS = "seq, item_kind, at_sec, at_nano, payload";

    final String read;
    final String updateIfVersion;
    final String updateIfVersionAppending;
    final String updateIfLive;
    final String updateIfLiveAppending;
    /** Null unless the dialect {@link Dialect#updatesIndexesOfUnchangedColumns()}; see {@link #keepsIndexes()}. */
    final String updateIfVersionKeepingIndexes;

    final String updateIfVersionKeepingIndexesAppending;
    final String selectVersion;
    final String selectLiveLastSeq;
    final String deleteExpired;
    final String insert;
    final String deleteIfLive;
    final String deleteIfVersion;
    final String deleteItems;
    final String insertItem;
    final String itemsAfter;
    final String itemsLast;
    final String trimItems;
    final String expiredBatch;
    final String sweepRecord;
    final String sweepItems;

    private final Tables tables;

    Sql(Tables t, Dialect dialect) {
        this.tables = t;
        String r = t.records();
        String i = t.items();
        String set =
                "data = ?, flow_id = ?, status = ?, user_id = ?, updated_at = ?, expires_at = ?, expires_minute = ?";
        read = "SELECT " + RECORD_COLUMNS + " FROM " + r + " WHERE kind = ? AND id = ? AND expires_at > ?";
        // The appending forms also move last_seq, and match only while every new seq is above it.
        String appending = ", last_seq = ?";
        String seqAbove = " AND last_seq < ?";
        updateIfVersion = "UPDATE " + r + " SET version = ?, " + set
                + " WHERE kind = ? AND id = ? AND version = ? AND expires_at > ?";
        updateIfVersionAppending = "UPDATE " + r + " SET version = ?, " + set + appending
                + " WHERE kind = ? AND id = ? AND version = ? AND expires_at > ?" + seqAbove;
        updateIfLive =
                "UPDATE " + r + " SET version = version + 1, " + set + " WHERE kind = ? AND id = ? AND expires_at > ?";
        updateIfLiveAppending = "UPDATE " + r + " SET version = version + 1, " + set + appending
                + " WHERE kind = ? AND id = ? AND expires_at > ?" + seqAbove;
        if (dialect.updatesIndexesOfUnchangedColumns()) {
            // Names no indexed column in SET and matches only while their values stay: the usual turn.
            String keep = "UPDATE " + r + " SET version = ?, data = ?, status = ?, updated_at = ?, expires_at = ?";
            String same = " AND flow_id IS ? AND user_id IS ? AND expires_minute = ?";
            String where = " WHERE kind = ? AND id = ? AND version = ? AND expires_at > ?";
            updateIfVersionKeepingIndexes = keep + where + same;
            updateIfVersionKeepingIndexesAppending = keep + appending + where + seqAbove + same;
        } else {
            updateIfVersionKeepingIndexes = null;
            updateIfVersionKeepingIndexesAppending = null;
        }
        selectVersion = "SELECT version FROM " + r + " WHERE kind = ? AND id = ?";
        selectLiveLastSeq = "SELECT version, last_seq FROM " + r + " WHERE kind = ? AND id = ? AND expires_at > ?";
        deleteExpired = "DELETE FROM " + r + " WHERE kind = ? AND id = ? AND expires_at <= ?";
        insert = "INSERT INTO " + r + " (kind, id, version, data, flow_id, status, user_id, updated_at, expires_at,"
                + " expires_minute, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + dialect.onDuplicateKeyDoNothing();
        deleteIfLive = "DELETE FROM " + r + " WHERE kind = ? AND id = ? AND expires_at > ?";
        deleteIfVersion = "DELETE FROM " + r + " WHERE kind = ? AND id = ? AND version = ? AND expires_at > ?";
        deleteItems = "DELETE FROM " + i + " WHERE kind = ? AND id = ?";
        insertItem = "INSERT INTO " + i + " (kind, id, " + ITEM_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
        String live = " AND EXISTS (SELECT 1 FROM " + r + " r WHERE r.kind = ? AND r.id = ? AND r.expires_at > ?)";
        itemsAfter = "SELECT " + ITEM_COLUMNS + " FROM " + i + " WHERE kind = ? AND id = ? AND seq > ?" + live
                + " ORDER BY seq LIMIT ?";
        itemsLast = "SELECT " + ITEM_COLUMNS + " FROM " + i + " WHERE kind = ? AND id = ?" + live
                + " ORDER BY seq DESC LIMIT ?";
        trimItems = "DELETE FROM " + i + " WHERE kind = ? AND id = ? AND seq < ?";
        expiredBatch = "SELECT kind, id FROM " + r + " WHERE expires_minute <= ? AND expires_at <= ?"
                + " ORDER BY expires_minute LIMIT ?";
        sweepRecord = "DELETE FROM " + r + " WHERE kind = ? AND id = ? AND expires_at <= ?";
        sweepItems = "DELETE FROM " + i + " WHERE kind = ? AND id = ?" + " AND NOT EXISTS (SELECT 1 FROM " + r
                + " r WHERE r.kind = ? AND r.id = ?)";
    }

    /**
     * Whether a CAS update first tries the form that leaves every secondary index alone (the
     * listing attributes and the expiry minute unchanged), then the full form.
     */
    boolean keepsIndexes() {
        return updateIfVersionKeepingIndexes != null;
    }

    /** Records of several ids of one kind, live only. */
    String readMany(int count) {
        return "SELECT " + RECORD_COLUMNS + " FROM " + tables.records() + " WHERE kind = ? AND id IN ("
                + "?, ".repeat(count - 1) + "?) AND expires_at > ?";
    }

    /**
     * One page of a listing. Parameters, in order: kind, lower id bound, [upper id bound], now,
     * then each filter present, then the limit.
     */
    String list(ListQuery q, boolean exclusiveLower, boolean upperBound) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(RECORD_COLUMNS)
                .append(" FROM ")
                .append(tables.records())
                .append(" WHERE kind = ? AND id ")
                .append(exclusiveLower ? ">" : ">=")
                .append(" ?");
        if (upperBound) {
            sql.append(" AND id < ?");
        }
        sql.append(" AND expires_at > ?");
        if (q.flowId() != null) {
            sql.append(" AND flow_id = ?");
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
        }
        if (q.userId() != null) {
            sql.append(" AND user_id = ?");
        }
        if (q.updatedAfter() != null) {
            sql.append(" AND updated_at >= ?");
        }
        if (q.updatedBefore() != null) {
            sql.append(" AND updated_at < ?");
        }
        return sql.append(" ORDER BY id LIMIT ?").toString();
    }
}
