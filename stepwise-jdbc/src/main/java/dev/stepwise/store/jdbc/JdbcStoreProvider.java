package dev.stepwise.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreProvider;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens {@link JdbcStore}s from URIs: {@code sqlite:FILE}, {@code jdbc:sqlite:FILE},
 * {@code jdbc:postgresql://…}, {@code jdbc:mariadb://…}, {@code jdbc:mysql://…} and {@code jdbc:h2:…}.
 * Server databases get a HikariCP pool (10 connections, READ COMMITTED, 5 s connection timeout, a
 * 30 s socket timeout unless the URL sets one); the store owns and closes it. The tables use the
 * default prefix {@code stepwise_}. Opening connects once and creates the tables, so a wrong URL or
 * an unreachable database fails here.
 */
public final class JdbcStoreProvider implements StoreProvider {

    private static final List<String> FORMS = List.of(
            "sqlite:FILE",
            "jdbc:sqlite:FILE",
            "jdbc:postgresql://HOST[:PORT]/DATABASE[?user=…]",
            "jdbc:mariadb://HOST[:PORT]/DATABASE[?user=…]",
            "jdbc:mysql://HOST[:PORT]/DATABASE[?user=…]",
            "jdbc:h2:…");

    @Override
    public List<String> uriForms() {
        return FORMS;
    }

    @Override
    public boolean accepts(String uri) {
        return uri != null && scheme(uri) != null;
    }

    @Override
    public VersionedStore open(String uri) {
        String scheme = scheme(uri);
        if (scheme == null) {
            throw new IllegalArgumentException("not a JDBC store URI: '" + StoreProviders.redact(uri)
                    + "'; accepted forms: " + String.join(", ", FORMS));
        }
        JdbcStore store =
                switch (scheme) {
                    case "sqlite:" -> JdbcStores.sqlite(sqlitePath(uri, uri.substring("sqlite:".length())));
                    case "jdbc:sqlite:" -> JdbcStores.sqlite(sqlitePath(uri, uri.substring("jdbc:sqlite:".length())));
                    case "jdbc:postgresql:" ->
                        server(
                                uri,
                                "org.postgresql.Driver",
                                "PostgreSQL",
                                "org.postgresql:postgresql",
                                JdbcDialect.POSTGRESQL);
                    case "jdbc:mariadb:" ->
                        server(
                                uri,
                                "org.mariadb.jdbc.Driver",
                                "MariaDB",
                                "org.mariadb.jdbc:mariadb-java-client",
                                JdbcDialect.MARIADB);
                    case "jdbc:mysql:" -> mysql(uri);
                    default -> h2(uri);
                };
        try {
            store.dialect(); // connect once and create or upgrade the tables
            return store;
        } catch (StoreException e) {
            store.close();
            throw e;
        }
    }

    /** The database file of an SQLite URI; empty for server databases and H2. */
    @Override
    public Optional<Path> localPath(String uri) {
        String scheme = scheme(uri);
        if ("sqlite:".equals(scheme) || "jdbc:sqlite:".equals(scheme)) {
            return Optional.of(sqlitePath(uri, uri.substring(scheme.length())));
        }
        return Optional.empty();
    }

    private static String scheme(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        for (String scheme :
                List.of("sqlite:", "jdbc:sqlite:", "jdbc:postgresql:", "jdbc:mariadb:", "jdbc:mysql:", "jdbc:h2:")) {
            if (lower.startsWith(scheme)) {
                return scheme;
            }
        }
        return null;
    }

    private static Path sqlitePath(String uri, String path) {
        if (path.isBlank()) {
            throw new IllegalArgumentException("the SQLite store URI '" + StoreProviders.redact(uri)
                    + "' names no file; use sqlite:FILE, e.g. sqlite:./stepwise.db");
        }
        if (path.startsWith(":memory:") || path.contains("mode=memory")) {
            throw new IllegalArgumentException(
                    "an in-memory SQLite database lives in one connection and cannot back a store;"
                            + " use the memory: store or sqlite:FILE");
        }
        if (path.contains("?")) {
            throw new IllegalArgumentException(
                    "the SQLite store URI '" + StoreProviders.redact(uri)
                            + "' has parameters; the store sets WAL, synchronous=NORMAL and the busy timeout itself, use sqlite:FILE");
        }
        try {
            Path file = Path.of(path);
            checkIsSqliteOrAbsent(uri, file);
            return file;
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    "the SQLite store URI '" + StoreProviders.redact(uri) + "' names an invalid file: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Refuses an existing file that is not an SQLite database (a typo, or {@code sqlite:/etc/passwd}):
     * without this the pool retries for its whole timeout and reports the store unavailable.
     */
    private static void checkIsSqliteOrAbsent(String uri, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(
                    "the SQLite store URI '" + StoreProviders.redact(uri) + "' names a directory; use sqlite:FILE");
        }
        if (!Files.isRegularFile(file)) {
            return;
        }
        byte[] header = new byte[16];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the SQLite store URI '" + StoreProviders.redact(uri) + "' names a file that cannot be read: "
                            + e.getMessage(),
                    e);
        }
        if (read > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
            throw new IllegalArgumentException("the SQLite store URI '" + StoreProviders.redact(uri)
                    + "' names a file that is not an SQLite database; it was left untouched");
        }
    }

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private static JdbcStore mysql(String uri) {
        if (driverPresent("com.mysql.cj.jdbc.Driver")) {
            return server(uri, "com.mysql.cj.jdbc.Driver", "MySQL", "com.mysql:mysql-connector-j", JdbcDialect.MYSQL);
        }
        if (driverPresent("org.mariadb.jdbc.Driver")) {
            // the MariaDB driver speaks to MySQL servers; it takes the URL under its own scheme
            return server(
                    "jdbc:mariadb:" + uri.substring("jdbc:mysql:".length()),
                    "org.mariadb.jdbc.Driver",
                    "MySQL",
                    "org.mariadb.jdbc:mariadb-java-client",
                    null);
        }
        throw new IllegalArgumentException(
                "opening '" + StoreProviders.redact(uri) + "' needs a MySQL JDBC driver on the class path;"
                        + " add com.mysql:mysql-connector-j or org.mariadb.jdbc:mariadb-java-client");
    }

    private static JdbcStore h2(String uri) {
        return server(uri, "org.h2.Driver", "H2", "com.h2database:h2", JdbcDialect.H2);
    }

    /** A pooled store; a null dialect is detected on connect (MariaDB driver talking to MySQL or MariaDB). */
    private static JdbcStore server(
            String uri, String driverClass, String database, String artifact, JdbcDialect dialect) {
        String redacted = StoreProviders.redact(uri);
        if (!uri.startsWith("jdbc:h2:")
                && !uri.substring(uri.indexOf(':', 5) + 1).startsWith("//")) {
            throw new IllegalArgumentException(
                    "the " + database + " store URI '" + redacted + "' has no host; expected "
                            + uri.substring(0, uri.indexOf(':', 5) + 1) + "//HOST[:PORT]/DATABASE");
        }
        UrlGuard.check(uri, database);
        if (!driverPresent(driverClass)) {
            throw new IllegalArgumentException("opening '" + redacted + "' needs the " + database
                    + " JDBC driver on the class path; add " + artifact);
        }
        Properties properties = new Properties();
        if (!uri.contains("socketTimeout") && !uri.startsWith("jdbc:h2:")) {
            // a database that stops answering must fail the call, not hang it: seconds for PostgreSQL, ms for
            // MariaDB/MySQL
            properties.setProperty("socketTimeout", uri.startsWith("jdbc:postgresql:") ? "30" : "30000");
        }
        if (!uri.startsWith("jdbc:h2:")) {
            ServerProbe.check(uri, driver(driverClass), database, properties, dialect == null ? null : dialect.sql());
        }
        HikariDataSource pool;
        try {
            pool = Pools.forUrl(uri, "stepwise-" + database.toLowerCase(Locale.ROOT), properties);
        } catch (RuntimeException e) {
            // HikariCP's messages may quote the URL with its password: keep only the type
            throw new IllegalArgumentException("cannot configure a connection pool for '" + redacted + "' ("
                    + e.getClass().getSimpleName() + ")");
        }
        JdbcStore.Builder builder = JdbcStore.builder(pool).closing(pool);
        if (dialect != null) {
            builder.dialect(dialect);
        }
        return builder.build();
    }

    private static Driver driver(String driverClass) {
        try {
            return (Driver) Class.forName(driverClass, true, JdbcStoreProvider.class.getClassLoader())
                    .getConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("the JDBC driver " + driverClass + " cannot be loaded", e);
        }
    }

    private static boolean driverPresent(String driverClass) {
        try {
            Class.forName(driverClass, false, JdbcStoreProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
