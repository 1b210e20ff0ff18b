package dev.stepwise.store.jdbc;

import dev.stepwise.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ready-made {@link JdbcStore}s. */
public final class JdbcStores {

    private JdbcStores() {}

    /**
     * A store in one SQLite file: the embedded default, no service to run. The file (and its
     * directory) is created if missing; it runs in WAL mode with {@code synchronous=NORMAL} and a
     * busy timeout, behind a small connection pool that {@link JdbcStore#close()} closes. Several
     * processes may share the file; their writers take turns.
     *
     * @throws IllegalStateException when the sqlite-jdbc driver ({@code org.xerial:sqlite-jdbc}) is
     *                               not on the class path
     * @throws StoreException        when the directory cannot be created
     */
    public static JdbcStore sqlite(Path file) {
        requireDriver("org.sqlite.JDBC", "SQLite", "org.xerial:sqlite-jdbc");
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of the SQLite store " + absolute + ": " + e, e);
        }
        var pool = Pools.over(SqliteDataSources.forFile(absolute), "stepwise-sqlite");
        return JdbcStore.builder(pool).dialect(JdbcDialect.SQLITE).closing(pool).build();
    }

    static void requireDriver(String driverClass, String database, String artifact) {
        try {
            Class.forName(driverClass, false, JdbcStores.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "the " + database + " JDBC driver is not on the class path; add " + artifact);
        }
    }
}
