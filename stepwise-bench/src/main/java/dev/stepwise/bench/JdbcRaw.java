package dev.stepwise.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The raw JDBC baseline on the same pool as the store: a read is one primary-key SELECT in
 * auto-commit; a write is one transaction of a conditional UPDATE (version and expiry in the WHERE
 * clause) or an INSERT for a new record, plus one INSERT per item, then COMMIT. On SQLite writers
 * queue on a fair JVM lock, as the store's do.
 */
final class JdbcRaw implements RawStore {

    private final DataSource pool;
    private final String records;
    private final String items;
    private final ReentrantLock writeLock;

    JdbcRaw(DataSource pool, String prefix, String blobType, boolean singleWriter) {
        this.pool = pool;
        this.records = prefix + "raw_records";
        this.items = prefix + "raw_items";
        this.writeLock = singleWriter ? new ReentrantLock(true) : null;
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + records);
            s.execute("DROP TABLE IF EXISTS " + items);
            s.execute("CREATE TABLE " + records + " (id VARCHAR(200) NOT NULL PRIMARY KEY, version BIGINT NOT NULL,"
                    + " data " + blobType + " NOT NULL, expires_at BIGINT NOT NULL)");
            s.execute("CREATE TABLE " + items + " (id VARCHAR(200) NOT NULL, seq BIGINT NOT NULL, at BIGINT NOT NULL,"
                    + " payload " + blobType + " NOT NULL, PRIMARY KEY (id, seq))");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the raw baseline tables: " + e.getMessage(), e);
        }
    }

    @Override
    public RawRecord read(String id) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT version, data FROM " + records + " WHERE id = ? AND expires_at > ?")) {
            ps.setString(1, id);
            ps.setLong(2, System.currentTimeMillis());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new RawRecord(rs.getLong(1), rs.getBytes(2)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean write(
            String id, long expectVersion, byte[] value, Duration ttl, long firstSeq, List<byte[]> itemList) {
        if (writeLock != null) {
            writeLock.lock();
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                long now = System.currentTimeMillis();
                int changed;
                if (expectVersion < 0) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO " + records + " (id, version, data, expires_at) VALUES (?, 0, ?, ?)")) {
                        ps.setString(1, id);
                        ps.setBytes(2, value);
                        ps.setLong(3, now + ttl.toMillis());
                        changed = ps.executeUpdate();
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE " + records
                                    + " SET version = ?, data = ?, expires_at = ? WHERE id = ? AND version = ? AND expires_at > ?")) {
                        ps.setLong(1, expectVersion + 1);
                        ps.setBytes(2, value);
                        ps.setLong(3, now + ttl.toMillis());
                        ps.setString(4, id);
                        ps.setLong(5, expectVersion);
                        ps.setLong(6, now);
                        changed = ps.executeUpdate();
                    }
                }
                if (changed != 1) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO " + items + " (id, seq, at, payload) VALUES (?, ?, ?, ?)")) {
                    long seq = firstSeq;
                    for (byte[] item : itemList) {
                        ps.setString(1, id);
                        ps.setLong(2, seq++);
                        ps.setLong(3, now);
                        ps.setBytes(4, item);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    @Override
    public String describe() {
        return "SELECT version, data by primary key (auto-commit); one transaction: UPDATE ... WHERE id AND version"
                + " AND expires_at (INSERT when new) + one INSERT per item + COMMIT"
                + (writeLock != null ? "; writers queue on a fair JVM lock" : "");
    }

    @Override
    public void close() {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + records);
            s.execute("DROP TABLE IF EXISTS " + items);
        } catch (SQLException e) {
            System.err.println(
                    "could not drop the raw baseline tables " + records + ", " + items + ": " + e.getMessage());
        }
    }
}
