package dev.stepwise.store.jdbc;

import java.util.Locale;

/**
 * The databases {@link JdbcStore} supports. The store detects the dialect from the connection's
 * metadata unless one is given.
 */
public enum JdbcDialect {
    /** SQLite 3.35 or later: the embedded default, one file, one writer at a time. */
    SQLITE(new SqliteDialect()),
    /** PostgreSQL 12 or later. */
    POSTGRESQL(new PostgresDialect()),
    /** MariaDB 10.5 or later (InnoDB). */
    MARIADB(new MariaDbDialect("MariaDB")),
    /** MySQL 8 or later (InnoDB); the same SQL as {@link #MARIADB}. */
    MYSQL(new MariaDbDialect("MySQL")),
    /** H2 2.x, embedded or server. */
    H2(new H2Dialect());

    private final Dialect sql;

    JdbcDialect(Dialect sql) {
        this.sql = sql;
    }

    Dialect sql() {
        return sql;
    }

    /**
     * The dialect for a product name as reported by {@link java.sql.DatabaseMetaData#getDatabaseProductName()}.
     *
     * @throws IllegalArgumentException for a database the store does not support
     */
    static JdbcDialect forProduct(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("sqlite")) {
            return SQLITE;
        }
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb")) {
            return MARIADB;
        }
        if (name.contains("mysql")) {
            return MYSQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("the JDBC store does not support the database '" + productName
                + "'; supported: SQLite, PostgreSQL, MariaDB, MySQL, H2");
    }
}
