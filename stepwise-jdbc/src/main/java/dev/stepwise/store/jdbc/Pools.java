package dev.stepwise.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;
import javax.sql.DataSource;

/** The HikariCP pools of stores the module opens itself (from a file or a URI). */
final class Pools {

    private Pools() {}

    /** A pool over a driver data source (SQLite): connections are cheap, writers queue in the store. */
    static HikariDataSource over(DataSource dataSource, String name) {
        HikariConfig config = base(name);
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /**
     * A pool over a JDBC URL of a server database, in READ COMMITTED, connecting lazily.
     *
     * @param driverProperties extra properties for the driver, e.g. a socket timeout
     */
    static HikariDataSource forUrl(String jdbcUrl, String name, Properties driverProperties) {
        HikariConfig config = base(name);
        config.setJdbcUrl(jdbcUrl);
        config.setDataSourceProperties(driverProperties);
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(2);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return new HikariDataSource(config);
    }

    private static HikariConfig base(String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setAutoCommit(true);
        config.setConnectionTimeout(5_000); // a turn fails over to STORE_UNAVAILABLE after 5 s, not 30
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(-1); // the store connects on first use and reports failures itself
        return config;
    }
}
