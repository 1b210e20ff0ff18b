package dev.stepwise.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server database that drops the connection in the middle of a write: the caller gets
 * {@link StoreUnavailableException}, nothing of the write is visible, and the next call works on a
 * fresh connection. A database that is down gives the same exception, and the store recovers when
 * it is back.
 */
abstract class ConnectionLoss {

    static final Duration HOUR = Duration.ofHours(1);

    JdbcFixture fixture;
    /** The stage at which the hook kills the writing connection, once; null when disarmed. */
    final AtomicReference<TxStages.Stage> killAt = new AtomicReference<>();

    abstract TestDatabase database();

    /** The server-side id of the connection. */
    abstract long connectionId(Connection c) throws SQLException;

    /** Kills a connection by id from another session and waits until it is gone. */
    abstract void kill(long connectionId) throws Exception;

    /** A JDBC URL of this database on a port where nothing listens. */
    abstract String downUrl();

    @BeforeEach
    void open() {
        fixture = new JdbcFixture(database());
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    JdbcStore killingClient() {
        return fixture.client(fixture.builder(pool -> TxStages.around(pool, fixture.tables(), (stage, c) -> {
                    if (killAt.compareAndSet(stage, null)) {
                        try {
                            kill(connectionId(c));
                        } catch (SQLException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }))
                .sweepInterval(Duration.ZERO));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<Item> items(long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(seq -> new Item(seq, "user", Instant.EPOCH.plusSeconds(seq), bytes("i" + seq)))
                .toList();
    }

    @Test
    void aConnectionKilledBetweenTheRecordAndItsItemsLeavesTheOldRecord() {
        JdbcStore store = killingClient();
        StoreKey key = StoreKey.session("kill-update");
        long v = assertInstanceOf(
                        WriteResult.Written.class,
                        store.write(new Write(
                                key,
                                bytes("turn 1"),
                                Expect.absent(),
                                HOUR,
                                new RecordAttributes("f", "active", null),
                                items(1, 2))))
                .version();
        Write turn2 = new Write(
                key, bytes("turn 2"), Expect.version(v), HOUR, new RecordAttributes("f", "done", null), items(3, 5));

        killAt.set(TxStages.Stage.RECORD_WRITTEN);
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.write(turn2));
        assertTrue(e.retryable());
        assertTrue(
                e.getMessage().contains(database() == TestDatabase.POSTGRES ? "PostgreSQL" : "MariaDB"),
                e.getMessage());

        Stored stored = store.read(key).orElseThrow();
        assertEquals(v, stored.version(), "the killed write's UPDATE was rolled back");
        assertArrayEquals(bytes("turn 1"), stored.value());
        assertEquals("active", stored.attributes().status());
        assertEquals(
                List.of(1L, 2L), seqs(store.readItems(key, ItemWindow.after(0, 10))), "no item of the killed write");
        WriteResult retried = store.write(turn2);
        assertEquals(
                v + 1,
                assertInstanceOf(WriteResult.Written.class, retried).version(),
                "the retry on a fresh connection");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(store.readItems(key, ItemWindow.after(0, 10))));
    }

    @Test
    void aConnectionKilledJustBeforeCommitLeavesNothingOfACreate() {
        JdbcStore store = killingClient();
        StoreKey key = StoreKey.session("kill-create");
        Write create = new Write(key, bytes("v"), Expect.absent(), HOUR, RecordAttributes.NONE, items(1, 3));

        killAt.set(TxStages.Stage.BEFORE_COMMIT);
        assertThrows(StoreUnavailableException.class, () -> store.write(create));

        assertTrue(store.read(key).isEmpty(), "the killed create is invisible");
        assertTrue(store.readItems(key, ItemWindow.after(0, 10)).isEmpty());
        assertInstanceOf(WriteResult.Written.class, store.write(create), "the retry creates the record");
        assertEquals(3, store.readItems(key, ItemWindow.last(10)).size());
        assertNull(killAt.get(), "the hook fired");
    }

    @Test
    void aDatabaseThatIsDownIsUnavailableAndTheStoreRecoversWhenItIsBack() {
        PlainDataSource dataSource = new PlainDataSource(downUrl());
        JdbcStore store = fixture.track(
                JdbcStore.builder(dataSource).tablePrefix(fixture.prefix).build());
        StoreKey key = StoreKey.user("recover");

        assertThrows(StoreUnavailableException.class, () -> store.read(key), "down before the first call");
        dataSource.switchTo(database().url(null, null));
        assertInstanceOf(
                WriteResult.Written.class,
                store.write(Write.of(key, bytes("v"), Expect.absent(), HOUR)),
                "the first call after the database is back creates the schema and writes");
        dataSource.switchTo(downUrl());
        assertThrows(StoreUnavailableException.class, () -> store.read(key), "down again");
        dataSource.switchTo(database().url(null, null));
        assertArrayEquals(bytes("v"), store.read(key).orElseThrow().value());
    }

    static List<Long> seqs(List<Item> items) {
        return items.stream().map(Item::seq).toList();
    }

    /** Runs a query returning one number on a fresh admin connection. */
    long number(String sql, long parameter) throws SQLException {
        try (Connection c = fixture.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = fixture.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
