package dev.stepwise.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.tck.MutableClock;
import dev.stepwise.store.tck.Poll;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC store does beyond the conformance kit, on every database: expiry without a sweep,
 * the sweeper, schema creation and upgrades, restarting the client, atomic failed writes.
 */
abstract class StoreBehaviour {

    static final Duration HOUR = Duration.ofHours(1);
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    JdbcFixture fixture;
    MutableClock clock;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        fixture = new JdbcFixture(database());
        clock = new MutableClock(START);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    /** A client on the test clock with the background sweeper off. */
    JdbcStore client() {
        return fixture.client(fixture.builder().clock(clock).sweepInterval(Duration.ZERO));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<Item> items(long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(seq -> new Item(seq, "user", START.plusNanos(seq * 1001), bytes("item " + seq)))
                .toList();
    }

    static long version(WriteResult result) {
        return assertInstanceOf(WriteResult.Written.class, result).version();
    }

    long rows(String table) throws SQLException {
        try (Connection c = fixture.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anExpiredRowIsInvisibleBeforeAnySweep() throws SQLException {
        JdbcStore store = client();
        StoreKey key = StoreKey.session("exp");
        long v1 = version(store.write(new Write(
                key,
                bytes("old"),
                Expect.absent(),
                Duration.ofSeconds(10),
                new RecordAttributes("f", "active", "u"),
                items(1, 3))));

        clock.advance(Duration.ofSeconds(10));

        assertTrue(store.read(key).isEmpty(), "read");
        assertTrue(store.readAll(List.of(key)).isEmpty(), "readAll");
        assertTrue(
                store.list(ListQuery.of(RecordKind.SESSION, "", 10)).records().isEmpty(), "list");
        assertTrue(
                store.list(ListQuery.of(RecordKind.SESSION, "", 10).withFlowId("f"))
                        .records()
                        .isEmpty(),
                "list by flow");
        assertTrue(store.readItems(key, ItemWindow.last(10)).isEmpty(), "items");
        assertEquals(
                new WriteResult.Conflict(Optional.empty()),
                store.write(Write.of(key, bytes("x"), Expect.version(v1), HOUR)),
                "CAS on the expired version");
        assertEquals(1, rows(fixture.tables().records()), "the expired row is still stored: nothing swept it");

        long v2 = version(
                store.write(new Write(key, bytes("new"), Expect.absent(), HOUR, RecordAttributes.NONE, items(1, 1))));
        assertNotEquals(v1, v2);
        assertEquals(
                List.of(1L),
                store.readItems(key, ItemWindow.after(0, 10)).stream()
                        .map(Item::seq)
                        .toList(),
                "the re-created record's log holds none of the old items");
        assertEquals(1, rows(fixture.tables().items()));
    }

    @Test
    void theSweeperRemovesExpiredRecordsAndTheirItemsInBatches() throws SQLException {
        JdbcStore store = client();
        int expired = Sweeper.BATCH * 2 + 17;
        for (int i = 0; i < expired; i++) {
            store.write(new Write(
                    StoreKey.session("gone-" + i),
                    bytes("v"),
                    Expect.absent(),
                    Duration.ofSeconds(5),
                    RecordAttributes.NONE,
                    i % 50 == 0 ? items(1, 3) : List.of()));
        }
        StoreKey live = StoreKey.user("live");
        store.write(new Write(live, bytes("v"), Expect.absent(), HOUR, RecordAttributes.NONE, items(1, 2)));
        clock.advance(Duration.ofSeconds(5));
        StoreKey recreated = StoreKey.session("gone-0");
        store.write(new Write(recreated, bytes("again"), Expect.absent(), HOUR, RecordAttributes.NONE, items(1, 1)));

        assertEquals(expired - 1, store.sweepNow());

        assertEquals(2, rows(fixture.tables().records()));
        assertEquals(3, rows(fixture.tables().items()), "only the items of live records remain");
        assertEquals(2, store.readItems(live, ItemWindow.last(10)).size());
        assertArrayEquals(bytes("again"), store.read(recreated).orElseThrow().value());
        assertEquals(0, store.sweepNow(), "a second sweep finds nothing");
    }

    @Test
    void theBackgroundSweeperRunsByItself() throws Exception {
        JdbcStore store = fixture.client(fixture.builder().sweepInterval(Duration.ofMillis(50)));
        store.write(new Write(
                StoreKey.session("short"),
                bytes("v"),
                Expect.absent(),
                Duration.ofMillis(1),
                RecordAttributes.NONE,
                items(1, 2)));
        Poll.until(
                "the background sweeper to remove the expired record and its items",
                Duration.ofSeconds(20),
                () -> rows(fixture.tables().records()) == 0
                        && rows(fixture.tables().items()) == 0);
    }

    @Test
    void theSchemaIsCreatedOnFirstUseAndRecordsItsVersion() throws SQLException {
        JdbcStore store = client();
        assertThrows(
                SQLException.class, () -> rows(fixture.tables().schemaVersion()), "no tables before the first call");
        JdbcDialect expected =
                switch (database()) {
                    case SQLITE -> JdbcDialect.SQLITE;
                    case H2 -> JdbcDialect.H2;
                    case POSTGRES -> JdbcDialect.POSTGRESQL;
                    case MARIADB -> JdbcDialect.MARIADB;
                };
        assertEquals(expected, store.dialect(), "the dialect detected from the connection");
        try (Connection c = fixture.connect()) {
            assertEquals(Schema.STEPS.size(), Schema.version(c, fixture.tables()));
        }
        JdbcStore second = client();
        second.write(Write.of(StoreKey.project("p"), bytes("v"), Expect.absent(), HOUR));
        assertTrue(store.read(StoreKey.project("p")).isPresent(), "a second instance on the same tables");
    }

    @Test
    void instancesStartingAtOnceCreateTheSchemaOnce() throws Exception {
        int instances = 4;
        List<JdbcStore> stores = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            stores.add(client());
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<WriteResult>> results = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                JdbcStore store = stores.get(i);
                StoreKey key = StoreKey.session("start-" + i);
                results.add(pool.submit(() -> {
                    go.await();
                    return store.write(Write.of(key, bytes("v"), Expect.absent(), HOUR));
                }));
            }
            go.countDown();
            for (Future<WriteResult> result : results) {
                version(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                instances,
                stores.get(0)
                        .list(ListQuery.of(RecordKind.SESSION, "start-", 10))
                        .records()
                        .size());
        try (Connection c = fixture.connect()) {
            assertEquals(Schema.STEPS.size(), Schema.version(c, fixture.tables()));
        }
    }

    @Test
    void laterSchemaStepsRunOnceAndANewerSchemaIsRefused() throws SQLException {
        client().read(StoreKey.session("x")); // version 1
        Tables t = fixture.tables();
        Dialect dialect = client().dialect().sql();
        String extra = t.prefix() + "extra";
        List<Schema.Step> steps = new ArrayList<>(Schema.STEPS);
        steps.add((d, tables) -> List.of("CREATE TABLE " + extra + " (x INT)")); // not idempotent: fails if run twice
        int current = Schema.STEPS.size();
        try (Connection c = fixture.connect()) {
            assertEquals(current, new Schema(steps).migrate(c, dialect, t));
            assertEquals(
                    current + 1,
                    new Schema(steps).migrate(c, dialect, t),
                    "the second run finds the extra step's version and does nothing");
            assertEquals(current + 1, Schema.version(c, t));
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + extra);
            }
        }
        StoreException newer = assertThrows(StoreException.class, () -> client().read(StoreKey.session("x")));
        assertTrue(newer.getMessage().contains("newer than this Stepwise knows"), newer.getMessage());
    }

    @Test
    void aFreshDatabaseSaysOnceThatItWasCreatedAndAnUpToDateOneSaysNothing() throws SQLException {
        Tables t = fixture.tables();
        List<String> reports = new ArrayList<>();
        try (Connection c = fixture.connect()) {
            Dialect dialect = JdbcDialect.forProduct(c.getMetaData().getDatabaseProductName())
                    .sql();
            assertEquals(0, new Schema(Schema.STEPS, reports::add).migrate(c, dialect, t), "fresh database");
            assertEquals(
                    List.of(dialect.product() + " tables with prefix '" + t.prefix() + "' created at schema version "
                            + Schema.STEPS.size()),
                    reports);
            reports.clear();
            new Schema(Schema.STEPS, reports::add).migrate(c, dialect, t);
            assertEquals(List.of(), reports, "nothing to report for tables already at the latest version");
        }
    }

    @Test
    void aVersionOneDatabaseIsUpgradedAndItsLogsKeepTheirLastSeq() throws SQLException {
        Tables t = fixture.tables();
        StoreKey logged = StoreKey.session("v1-logged");
        StoreKey empty = StoreKey.session("v1-empty");
        long version = 4242;
        try (Connection c = fixture.connect()) {
            Dialect dialect = JdbcDialect.forProduct(c.getMetaData().getDatabaseProductName())
                    .sql();
            assertEquals(0, new Schema(List.of(Schema.STEPS.get(0))).migrate(c, dialect, t), "fresh database");
            // rows exactly as the version-1 store wrote them
            for (StoreKey key : List.of(logged, empty)) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.records()
                        + " (kind, id, version, data, flow_id, status, user_id, updated_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, ?)")) {
                    int i = Rows.bindKey(ps, 1, key);
                    ps.setLong(i++, version);
                    ps.setBytes(i++, bytes("v1 value"));
                    ps.setLong(i++, START.toEpochMilli());
                    ps.setLong(i, START.plus(HOUR).toEpochMilli());
                    ps.executeUpdate();
                }
            }
            for (Item item : items(5, 7)) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.items()
                        + " (kind, id, seq, item_kind, at_sec, at_nano, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    int i = Rows.bindKey(ps, 1, logged);
                    ps.setLong(i++, item.seq());
                    ps.setString(i++, item.kind());
                    ps.setLong(i++, item.at().getEpochSecond());
                    ps.setInt(i++, item.at().getNano());
                    ps.setBytes(i, item.payload());
                    ps.executeUpdate();
                }
            }
        }

        JdbcStore store = client();
        assertEquals(version, store.read(logged).orElseThrow().version(), "the upgrade keeps the records");
        try (Connection c = fixture.connect()) {
            assertEquals(Schema.STEPS.size(), Schema.version(c, t));
        }
        assertEquals(
                List.of(5L, 6L, 7L),
                store.readItems(logged, ItemWindow.after(0, 10)).stream()
                        .map(Item::seq)
                        .toList());
        IllegalArgumentException stale = assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(
                        logged, bytes("x"), Expect.version(version), HOUR, RecordAttributes.NONE, items(7, 8))));
        assertTrue(stale.getMessage().contains("not above the last stored seq 7"), stale.getMessage());
        long next = version(store.write(
                new Write(logged, bytes("v2"), Expect.version(version), HOUR, RecordAttributes.NONE, items(8, 8))));
        assertEquals(
                List.of(5L, 6L, 7L, 8L),
                store.readItems(logged, ItemWindow.after(0, 10)).stream()
                        .map(Item::seq)
                        .toList());
        assertNotEquals(version, next);
        version(store.write(
                new Write(empty, bytes("v2"), Expect.version(version), HOUR, RecordAttributes.NONE, items(1, 1))));
        assertEquals(
                List.of(1L),
                store.readItems(empty, ItemWindow.after(0, 10)).stream()
                        .map(Item::seq)
                        .toList(),
                "a record without items accepts any first seq");
    }

    @Test
    void aSeqNotAboveTheLastStoredIsRefusedAndChangesNothing() {
        JdbcStore store = client();
        StoreKey key = StoreKey.session("seqs");
        long v = version(
                store.write(new Write(key, bytes("one"), Expect.absent(), HOUR, RecordAttributes.NONE, items(1, 3))));
        v = version(store.write(Write.of(key, bytes("two"), Expect.version(v), HOUR))); // no items: last seq stays 3
        store.trimItems(key, 10); // trimming the whole log does not lower the last seq
        for (Expect expect : List.of(Expect.version(v), Expect.any())) {
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class,
                    () -> store.write(new Write(key, bytes("three"), expect, HOUR, RecordAttributes.NONE, items(3, 4))),
                    expect.toString());
            assertTrue(refused.getMessage().contains("not above the last stored seq 3"), refused.getMessage());
            Stored stored = store.read(key).orElseThrow();
            assertEquals(v, stored.version(), "a refused append writes nothing");
            assertArrayEquals(bytes("two"), stored.value());
        }
        assertInstanceOf(
                WriteResult.Conflict.class,
                store.write(new Write(
                        key, bytes("stale"), Expect.version(v + 1), HOUR, RecordAttributes.NONE, items(2, 2))),
                "a wrong version is a conflict, whatever the seqs");
        v = version(store.write(
                new Write(key, bytes("four"), Expect.version(v), HOUR, RecordAttributes.NONE, items(4, 4))));
        version(store.write(new Write(key, bytes("five"), Expect.any(), HOUR, RecordAttributes.NONE, items(5, 6))));
        assertEquals(
                List.of(4L, 5L, 6L),
                store.readItems(key, ItemWindow.after(0, 10)).stream()
                        .map(Item::seq)
                        .toList());
    }

    @Test
    void updatesKeepTheListingAndExpiryIndexesExact() throws SQLException {
        JdbcStore store = client();
        StoreKey key = StoreKey.session("indexed");
        Duration tenMinutes = Duration.ofMinutes(10);
        long v = version(store.write(new Write(
                key,
                bytes("1"),
                Expect.absent(),
                tenMinutes,
                new RecordAttributes("f1", "active", "u1"),
                items(1, 1))));
        v = version(store.write(new Write(
                key,
                bytes("2"),
                Expect.version(v),
                tenMinutes,
                new RecordAttributes("f1", "waiting", "u1"),
                items(2, 2))));
        assertEquals("waiting", store.read(key).orElseThrow().attributes().status());
        v = version(store.write(new Write(
                key,
                bytes("3"),
                Expect.version(v),
                tenMinutes,
                new RecordAttributes("f2", "active", "u2"),
                List.of())));
        ListQuery all = ListQuery.of(RecordKind.SESSION, "", 10);
        assertEquals(
                List.of(key),
                store.list(all.withUserId("u2")).records().stream()
                        .map(Stored::key)
                        .toList());
        assertEquals(
                List.of(key),
                store.list(all.withFlowId("f2")).records().stream()
                        .map(Stored::key)
                        .toList());
        assertTrue(store.list(all.withUserId("u1")).records().isEmpty(), "listed under its old user");
        assertTrue(store.list(all.withFlowId("f1")).records().isEmpty(), "listed under its old flow");
        v = version(store.write(new Write(
                key,
                bytes("4"),
                Expect.version(v),
                tenMinutes,
                new RecordAttributes("f2", "active", null),
                List.of())));
        assertTrue(store.list(all.withUserId("u2")).records().isEmpty(), "listed under a user it no longer has");

        clock.advance(Duration.ofMinutes(5));
        version(store.write(new Write(
                key,
                bytes("5"),
                Expect.version(v),
                Duration.ofMinutes(1),
                new RecordAttributes("f2", "active", null),
                List.of()))); // the expiry moves 4 minutes earlier
        clock.advance(Duration.ofMinutes(1));
        assertTrue(store.read(key).isEmpty());
        assertEquals(1, store.sweepNow(), "the sweeper finds the record by its new expiry");
        assertEquals(0, rows(fixture.tables().records()));
        assertEquals(0, rows(fixture.tables().items()));
    }

    @Test
    void aNewClientResumesWhereAClosedOneStopped() {
        JdbcStore first = client();
        StoreKey session = StoreKey.session("flow:s1");
        StoreKey user = StoreKey.user("u1");
        long v = version(first.write(new Write(
                session,
                bytes("turn 1"),
                Expect.absent(),
                HOUR,
                new RecordAttributes("flow", "active", "u1"),
                items(1, 2))));
        v = version(first.write(new Write(
                session,
                bytes("turn 2"),
                Expect.version(v),
                HOUR,
                new RecordAttributes("flow", "active", "u1"),
                items(3, 4))));
        long userVersion = version(first.write(Write.of(user, bytes("prefs"), Expect.absent(), HOUR)));
        first.close();

        JdbcStore second = client();
        Stored stored = second.read(session).orElseThrow();
        assertEquals(v, stored.version());
        assertArrayEquals(bytes("turn 2"), stored.value());
        assertEquals(
                List.of(1L, 2L, 3L, 4L),
                second.readItems(session, ItemWindow.after(0, 10)).stream()
                        .map(Item::seq)
                        .toList());
        assertEquals(userVersion, second.read(user).orElseThrow().version());
        assertInstanceOf(
                WriteResult.Conflict.class,
                second.write(Write.of(session, bytes("stale"), Expect.version(v - 1), HOUR)));
        long v3 = version(second.write(new Write(
                session,
                bytes("turn 3"),
                Expect.version(v),
                HOUR,
                new RecordAttributes("flow", "completed", "u1"),
                items(5, 5))));
        assertEquals(v + 1, v3);
        assertEquals(5, second.readItems(session, ItemWindow.last(1)).get(0).seq());
        assertThrows(IllegalStateException.class, () -> first.read(session), "a closed client refuses calls");
    }

    @Test
    void aWriteWithABadItemChangesNothing() throws SQLException {
        JdbcStore store = client();
        StoreKey key = StoreKey.session("atomic");
        long v = version(
                store.write(new Write(key, bytes("v1"), Expect.absent(), HOUR, RecordAttributes.NONE, items(1, 3))));

        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(
                        new Write(key, bytes("v2"), Expect.version(v), HOUR, RecordAttributes.NONE, items(3, 4))),
                "seq 3 is already stored");
        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(key, bytes("v2"), Expect.any(), HOUR, RecordAttributes.NONE, items(2, 2))),
                "seq 2 is below the last");
        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(
                        key,
                        bytes("v2"),
                        Expect.version(v),
                        HOUR,
                        new RecordAttributes("f".repeat(256), null, null),
                        List.of())),
                "a 256-char flow id");
        assertThrows(
                IllegalArgumentException.class,
                () -> store.write(new Write(
                        key,
                        bytes("v2"),
                        Expect.version(v),
                        HOUR,
                        new RecordAttributes(null, "a\u0000b", null),
                        List.of())),
                "NUL in an attribute");

        Stored stored = store.read(key).orElseThrow();
        assertEquals(v, stored.version());
        assertArrayEquals(bytes("v1"), stored.value());
        assertEquals(3, rows(fixture.tables().items()));
        version(store.write(new Write(
                key,
                bytes("v2"),
                Expect.version(v),
                HOUR,
                new RecordAttributes("f".repeat(255), "\ud83d\ude00", null),
                items(4, 4))));
    }

    @Test
    void deleteRemovesTheRecordAndItsWholeLog() throws SQLException {
        JdbcStore store = client();
        StoreKey key = StoreKey.session("del");
        long v = version(
                store.write(new Write(key, bytes("v"), Expect.absent(), HOUR, RecordAttributes.NONE, items(1, 5))));
        assertInstanceOf(DeleteResult.Conflict.class, store.delete(key, Expect.version(v + 1)));
        assertEquals(5, rows(fixture.tables().items()));
        assertEquals(new DeleteResult.Deleted(true), store.delete(key, Expect.version(v)));
        assertEquals(0, rows(fixture.tables().items()));
        assertEquals(0, rows(fixture.tables().records()));
    }

    @Test
    void aPlainUnpooledDataSourceWorks() {
        JdbcStore store = fixture.track(JdbcStore.builder(fixture.unpooled())
                .tablePrefix(fixture.prefix)
                .build());
        long v = version(store.write(new Write(
                StoreKey.resource("r"), bytes("v"), Expect.absent(), HOUR, RecordAttributes.NONE, items(1, 2))));
        version(store.write(Write.of(StoreKey.resource("r"), bytes("w"), Expect.version(v), HOUR)));
        assertEquals(
                2, store.readItems(StoreKey.resource("r"), ItemWindow.last(5)).size());
        assertEquals(
                1,
                store.readAll(List.of(StoreKey.resource("r"), StoreKey.resource("missing")))
                        .size());
    }

    @Test
    void tablePrefixesKeepStoresApart() throws Exception {
        JdbcStore mine = client();
        try (JdbcFixture other = new JdbcFixture(database())) {
            JdbcStore theirs = other.client(other.builder().clock(clock));
            mine.write(Write.of(StoreKey.session("same"), bytes("mine"), Expect.absent(), HOUR));
            theirs.write(Write.of(StoreKey.session("same"), bytes("theirs"), Expect.absent(), HOUR));
            assertArrayEquals(
                    bytes("mine"),
                    mine.read(StoreKey.session("same")).orElseThrow().value());
            assertArrayEquals(
                    bytes("theirs"),
                    theirs.read(StoreKey.session("same")).orElseThrow().value());
        }
    }

    /** Counts items of a key straight from the table. */
    long itemRows(StoreKey key) throws SQLException {
        try (Connection c = fixture.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM " + fixture.tables().items() + " WHERE kind = ? AND id = ?")) {
            Rows.bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
