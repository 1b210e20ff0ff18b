package dev.stepwise.store.jdbc;

import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.support.SetUpOnce;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VersionedStore} over a JDBC {@link DataSource}: SQLite, PostgreSQL, MariaDB/MySQL or H2.
 *
 * <p>What it guarantees, beyond the {@link VersionedStore} contract:
 * <ul>
 *   <li><b>Tables.</b> Three tables named by a validated prefix ({@code stepwise_} by default):
 *       {@code <prefix>records} (one row per record, keyed by kind and id, with the version,
 *       attributes, {@code updated_at} and {@code expires_at} in epoch milliseconds),
 *       {@code <prefix>items} (one row per item, keyed by kind, id and seq) and
 *       {@code <prefix>schema_version}. They are created on first use and upgraded by later releases
 *       under a database lock, so instances may start together.</li>
 *   <li><b>Atomic writes.</b> A write's record and its items commit in one transaction; any failure
 *       rolls it back and returns the connection, so nothing half-written is ever visible.</li>
 *   <li><b>Expiry.</b> Every read, listing and condition filters on {@code expires_at}; a background
 *       sweeper deletes expired records and their items in small batches.</li>
 *   <li><b>Cost.</b> Reads, conditional writes and item windows are primary-key lookups or ranges;
 *       appending items costs the same whatever the length of the log.</li>
 *   <li><b>Order.</b> Ids are stored as UTF-16BE bytes, so listing order is {@link String#compareTo}
 *       order on every database, and ids differing only in case are distinct.</li>
 *   <li><b>Failures.</b> A database that is down, restarting, overloaded or busy beyond its lock
 *       timeout raises {@link dev.stepwise.store.StoreUnavailableException}; the store recovers on
 *       the next call once the database (or the pool) has a working connection again.</li>
 * </ul>
 *
 * <p>Attributes ({@code flowId}, {@code status}, {@code userId}) may be at most 255 chars. The store
 * uses the data source as given (pool it for production: {@link JdbcStores} and the store URIs do)
 * and puts server-database connections in READ COMMITTED. It closes the data source only when it
 * created it. Thread-safe.
 */
public final class JdbcStore implements VersionedStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final DataSource dataSource;
    private final JdbcDialect configuredDialect;
    private final Tables tables;
    private final Clock clock;
    private final Duration sweepInterval;
    private final AutoCloseable owned;
    private final SetUpOnce<Backend> backend = SetUpOnce.of(this::initialize);
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcStore(Builder b) {
        this.dataSource = b.dataSource;
        this.configuredDialect = b.dialect;
        this.tables = b.tables;
        this.clock = b.clock;
        this.sweepInterval = b.sweepInterval;
        this.owned = b.owned;
    }

    /** A builder for a store over {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        Objects.requireNonNull(key, "key");
        return call("read ", key, b -> b.reads.read(key));
    }

    @Override
    public Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        Objects.requireNonNull(keys, "keys");
        return call("read records: ", keys.size(), b -> b.reads.readAll(keys));
    }

    @Override
    public WriteResult write(Write write) {
        Objects.requireNonNull(write, "write");
        return call("write ", write.key(), b -> b.writes.write(write));
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        Objects.requireNonNull(key, "key");
        Expect.forDelete(expect);
        return call("delete ", key, b -> b.writes.delete(key, expect));
    }

    @Override
    public Page list(ListQuery query) {
        Objects.requireNonNull(query, "query");
        return call("list ", query.kind().label(), b -> b.reads.list(query));
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        return call("read items of ", key, b -> b.items.read(key, window));
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        Objects.requireNonNull(key, "key");
        call("trim items of ", key, b -> {
            b.items.trim(key, beforeSeq);
            return null;
        });
    }

    /**
     * Removes expired records and their items now, as the background sweeper does; returns how
     * many records it removed. Expired records are invisible whether or not they were swept.
     */
    int sweepNow() {
        return call("sweep", "", b -> b.sweeper.sweep());
    }

    /** The dialect in use, detecting it (and creating the schema) if no call has yet. */
    JdbcDialect dialect() {
        ensureOpen();
        return backend.get().dialect;
    }

    /** Stops the sweeper and closes the data source if this store created it. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // waits for a set-up in progress, so a sweeper it starts is stopped here; none starts after
        backend.close().ifPresent(b -> b.sweeper.close());
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("closing the connection pool of {} failed: {}", this, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        Backend b = backend.ifReady().orElse(null);
        return "JdbcStore["
                + (b != null ? b.dialect : configuredDialect != null ? configuredDialect : "dialect not yet detected")
                + ", prefix " + tables.prefix() + "]";
    }

    /** Runs work on the backend; the operation's description ({@code verb + subject}) is built only for a failure. */
    private <T> T call(String verb, Object subject, BackendCall<T> work) {
        ensureOpen();
        Backend b = backend.get();
        try {
            return work.run(b);
        } catch (SQLException e) {
            throw Failures.translate(e, b.dialect.sql(), verb + subject);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /** Creates or upgrades the schema on first use; a failed attempt is retried on the next call. */
    private Backend initialize() {
        JdbcDialect dialect = configuredDialect;
        try (Connection c = dataSource.getConnection()) {
            if (dialect == null) {
                dialect = JdbcDialect.forProduct(c.getMetaData().getDatabaseProductName());
            }
            Dialect sql = dialect.sql();
            sql.prepare(c.isWrapperFor(Connection.class) ? c.unwrap(Connection.class) : c);
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            new Schema(Schema.STEPS).migrate(c, sql, tables);
            sql.afterSchema(c);
        } catch (SQLException e) {
            throw Failures.translate(
                    e,
                    dialect == null ? null : dialect.sql(),
                    "opening the store tables with prefix '" + tables.prefix() + "'");
        }
        Backend b = new Backend(
                dialect, new Database(dataSource, dialect.sql()), new Sql(tables, dialect.sql()), tables, clock);
        if (!sweepInterval.isZero()) {
            b.sweeper.start(sweepInterval);
        }
        return b;
    }

    @FunctionalInterface
    private interface BackendCall<T> {
        T run(Backend backend) throws SQLException;
    }

    /** Everything that needs the detected dialect and a current schema. */
    private static final class Backend {
        final JdbcDialect dialect;
        final RecordReads reads;
        final RecordWrites writes;
        final ItemLog items;
        final Sweeper sweeper;

        Backend(JdbcDialect dialect, Database db, Sql sql, Tables tables, Clock clock) {
            this.dialect = dialect;
            this.reads = new RecordReads(db, sql, tables, clock);
            this.items = new ItemLog(db, sql, clock);
            this.writes = new RecordWrites(db, sql, items, reads, clock);
            this.sweeper = new Sweeper(db, sql, clock, tables.prefix());
        }
    }

    /**
     * Configures a {@link JdbcStore}. Defaults: dialect detected from the connection, table prefix
     * {@code stepwise_}, {@link Clock#systemUTC()}, a sweep every minute.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private JdbcDialect dialect;
        private Tables tables = Tables.withPrefix(Tables.DEFAULT_PREFIX);
        private Clock clock = Clock.systemUTC();
        private Duration sweepInterval = Duration.ofMinutes(1);
        private AutoCloseable owned;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The database dialect; detected from the connection's metadata when not set. */
        public Builder dialect(JdbcDialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /**
         * The prefix of every table and index name: a lower-case letter, then up to 30 lower-case
         * letters, digits or underscores.
         *
         * @throws IllegalArgumentException for any other prefix
         */
        public Builder tablePrefix(String value) {
            this.tables = Tables.withPrefix(value);
            return this;
        }

        /** The clock for {@code updatedAt} and expiry. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How often the background sweeper removes expired records; {@link Duration#ZERO} disables it
         * (expired records stay invisible, only their space is not reclaimed).
         *
         * @throws IllegalArgumentException for a negative interval
         */
        public Builder sweepInterval(Duration value) {
            Objects.requireNonNull(value, "sweepInterval");
            if (value.isNegative()) {
                throw new IllegalArgumentException("sweepInterval must not be negative, was " + value);
            }
            this.sweepInterval = value;
            return this;
        }

        /** Makes {@link JdbcStore#close()} close this resource too (the pool the caller built for the store). */
        Builder closing(AutoCloseable resource) {
            this.owned = resource;
            return this;
        }

        /** The store. It connects on first use, creating or upgrading its tables then. */
        public JdbcStore build() {
            return new JdbcStore(this);
        }
    }
}
