/**
 * The JDBC store: one {@link dev.stepwise.store.VersionedStore} over SQLite, PostgreSQL,
 * MariaDB/MySQL or H2, with the driver supplied by the application.
 *
 * <pre>{@code
 * // the embedded default: one file, no service
 * VersionedStore store = JdbcStores.sqlite(Path.of("stepwise.db"));
 *
 * // any DataSource (pool it: HikariCP is on the class path)
 * VersionedStore store = JdbcStore.builder(dataSource)
 *         .tablePrefix("stepwise_")          // validated: [a-z][a-z0-9_]{0,30}
 *         .sweepInterval(Duration.ofMinutes(1))
 *         .build();
 *
 * // from a URI, as the server does: sqlite:FILE, jdbc:postgresql://…, jdbc:mariadb://…, jdbc:mysql://…, jdbc:h2:…
 * VersionedStore store = StoreProviders.open("jdbc:postgresql://127.0.0.1:5432/app?user=stepwise");
 * }</pre>
 *
 * <p>Public types: {@link dev.stepwise.store.jdbc.JdbcStore}, {@link dev.stepwise.store.jdbc.JdbcDialect},
 * {@link dev.stepwise.store.jdbc.JdbcStores} and the {@link dev.stepwise.store.jdbc.JdbcStoreProvider}
 * registered with {@link java.util.ServiceLoader}; everything else is internal.
 */
package dev.stepwise.store.jdbc;
