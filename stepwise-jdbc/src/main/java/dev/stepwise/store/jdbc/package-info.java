/** The JDBC store: SQLite, PostgreSQL, MariaDB/MySQL and H2 behind one {@link dev.stepwise.store.VersionedStore}. */
package dev.stepwise.store.jdbc;
