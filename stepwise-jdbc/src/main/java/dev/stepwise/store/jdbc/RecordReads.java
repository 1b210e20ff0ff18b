package dev.stepwise.store.jdbc;

import dev.stepwise.store.Cursors;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads of live records: by key, by keys, and keyset pages. Expired rows are filtered in SQL. */
final class RecordReads {

    private static final int READ_MANY_CHUNK = 100;

    private final Database db;
    private final Sql sql;
    private final Tables tables;
    private final Clock clock;

    RecordReads(Database db, Sql sql, Tables tables, Clock clock) {
        this.db = db;
        this.sql = sql;
        this.tables = tables;
        this.clock = clock;
    }

    Optional<Stored> read(StoreKey key) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.read)) {
                int i = Rows.bindKey(ps, 1, key);
                ps.setLong(i, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.stored(key, rs)) : Optional.empty();
                }
            }
        });
    }

    Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) throws SQLException {
        Map<RecordKind, List<StoreKey>> byKind = new EnumMap<>(RecordKind.class);
        for (StoreKey key : keys) {
            byKind.computeIfAbsent(key.kind(), k -> new ArrayList<>()).add(key);
        }
        Map<StoreKey, Stored> found = new HashMap<>();
        for (Map.Entry<RecordKind, List<StoreKey>> group : byKind.entrySet()) {
            List<StoreKey> all = group.getValue().stream().distinct().toList();
            for (int from = 0; from < all.size(); from += READ_MANY_CHUNK) {
                readChunk(group.getKey(), all.subList(from, Math.min(all.size(), from + READ_MANY_CHUNK)), found);
            }
        }
        Map<StoreKey, Stored> ordered = new LinkedHashMap<>();
        for (StoreKey key : keys) {
            Stored stored = found.get(key);
            if (stored != null) {
                ordered.put(key, stored);
            }
        }
        return ordered;
    }

    private void readChunk(RecordKind kind, List<StoreKey> chunk, Map<StoreKey, Stored> found) throws SQLException {
        Map<String, StoreKey> byId = new HashMap<>();
        chunk.forEach(k -> byId.put(k.id(), k));
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.readMany(chunk.size()))) {
                ps.setShort(1, Kinds.code(kind));
                int i = 2;
                for (StoreKey key : chunk) {
                    ps.setBytes(i++, Ids.encode(key.id()));
                }
                ps.setLong(i, clock.millis());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoreKey key = byId.get(Ids.decode(rs.getBytes(1)));
                        found.put(key, Rows.stored(key, rs));
                    }
                }
            }
            return null;
        });
    }

    Page list(ListQuery q) throws SQLException {
        String lastId = Cursors.lastId(q.cursor());
        byte[] prefix = Ids.encode(q.prefix());
        byte[] upper = Ids.upperBound(prefix);
        byte[] lower = prefix;
        boolean exclusive = false;
        if (lastId != null && Ids.compare(Ids.encode(lastId), prefix) >= 0) {
            lower = Ids.encode(lastId);
            exclusive = true;
        }
        byte[] lowerBound = lower;
        String statement = sql.list(q, exclusive, upper != null);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                int i = 1;
                ps.setShort(i++, Kinds.code(q.kind()));
                ps.setBytes(i++, lowerBound);
                if (upper != null) {
                    ps.setBytes(i++, upper);
                }
                ps.setLong(i++, clock.millis());
                for (String filter : new String[] {q.flowId(), q.status(), q.userId()}) {
                    if (filter != null) {
                        ps.setString(i++, filter);
                    }
                }
                if (q.updatedAfter() != null) {
                    ps.setLong(i++, Times.ceilMillis(q.updatedAfter()));
                }
                if (q.updatedBefore() != null) {
                    ps.setLong(i++, Times.ceilMillis(q.updatedBefore()));
                }
                ps.setInt(i, q.limit() + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    return page(q, rs);
                }
            }
        });
    }

    private Page page(ListQuery q, ResultSet rs) throws SQLException {
        List<Stored> records = new ArrayList<>();
        List<Page.Unreadable> unreadable = new ArrayList<>();
        String lastReadable = null;
        int rows = 0;
        boolean more = false;
        while (rs.next()) {
            if (rows == q.limit()) {
                more = true;
                break;
            }
            rows++;
            byte[] id = rs.getBytes(1);
            StoreKey key;
            try {
                key = new StoreKey(q.kind(), Ids.decode(id));
            } catch (IllegalArgumentException e) {
                unreadable.add(new Page.Unreadable(
                        tables.records() + " (" + q.kind().label() + ", " + Rows.describeId(id) + ")", e.getMessage()));
                continue;
            }
            records.add(Rows.stored(key, rs));
            lastReadable = key.id();
        }
        String next = more && lastReadable != null ? Cursors.after(lastReadable) : null;
        return new Page(records, unreadable, next);
    }
}
