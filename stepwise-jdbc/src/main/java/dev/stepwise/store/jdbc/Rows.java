package dev.stepwise.store.jdbc;

import dev.stepwise.store.Item;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Binding parameters and mapping rows, in the column order of {@link Sql}. */
final class Rows {

    private Rows() {}

    /** Binds (kind, id) at {@code index} and {@code index + 1}; returns the next index. */
    static int bindKey(PreparedStatement ps, int index, StoreKey key) throws SQLException {
        ps.setShort(index, Kinds.code(key.kind()));
        ps.setBytes(index + 1, Ids.encode(key.id()));
        return index + 2;
    }

    static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** A record row ({@link Sql#RECORD_COLUMNS}) as the record at {@code key}. */
    static Stored stored(StoreKey key, ResultSet rs) throws SQLException {
        return new Stored(
                key,
                rs.getBytes(3),
                rs.getLong(2),
                new RecordAttributes(rs.getString(4), rs.getString(5), rs.getString(6)),
                Instant.ofEpochMilli(rs.getLong(7)),
                Instant.ofEpochMilli(rs.getLong(8)));
    }

    /** An item row ({@link Sql#ITEM_COLUMNS}). */
    static Item item(ResultSet rs) throws SQLException {
        return new Item(
                rs.getLong(1), rs.getString(2), Instant.ofEpochSecond(rs.getLong(3), rs.getInt(4)), rs.getBytes(5));
    }

    /** A short, value-free description of a stored id for messages. */
    static String describeId(byte[] id) {
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < Math.min(id.length, 32); i++) {
            hex.append(String.format("%02x", id[i] & 0xFF));
        }
        return id.length > 32 ? hex + "... (" + id.length + " bytes)" : hex.toString();
    }
}
