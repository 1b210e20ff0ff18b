package dev.stepwise.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Prepared statements kept open per physical connection, for a driver that compiles the SQL on
 * every {@code prepareStatement} and caches nothing itself (sqlite-jdbc: compiling was a quarter of
 * the store's time per turn). The store's code keeps its plain JDBC shape
 * ({@code try (PreparedStatement ps = c.prepareStatement(sql))}): the connection it is handed
 * returns a statement whose {@code close()} puts it back for the next use of the same SQL on the
 * same physical connection.
 *
 * <p>Safe because a pooled connection is used by one thread at a time, statements are prepared on
 * the physical connection (the pool neither tracks nor closes them on return) and run in its
 * current transaction, a statement whose execution failed is closed instead of kept, and a
 * statement still open when the same SQL is prepared again (nested use) is not shared: the second
 * one is a plain statement. Each connection keeps at most {@value #PER_CONNECTION} statements, the
 * least recently used closed first; the statements of connections the pool has closed are dropped
 * when the cache notices.
 */
final class StatementCache {

    static final int PER_CONNECTION = 64;

    /** How many connections may be remembered before closed ones are looked for and dropped. */
    private static final int CONNECTIONS_BEFORE_SWEEP = 64;

    private final Map<Connection, Map<String, Reusable>> byConnection = new IdentityHashMap<>();

    /** A view of {@code pooled} whose {@code prepareStatement(String)} reuses statements of {@code physical}. */
    Connection wrap(Connection pooled, Connection physical) {
        Map<String, Reusable> statements = statementsOf(physical);
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                        return prepare(statements, physical, (String) args[0]);
                    }
                    return invoke(method, pooled, args);
                });
    }

    private synchronized Map<String, Reusable> statementsOf(Connection physical) {
        Map<String, Reusable> statements = byConnection.get(physical);
        if (statements == null) {
            if (byConnection.size() >= CONNECTIONS_BEFORE_SWEEP) {
                dropClosedConnections();
            }
            statements = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Reusable> eldest) {
                    if (size() <= PER_CONNECTION) {
                        return false;
                    }
                    eldest.getValue().evict();
                    return true;
                }
            };
            byConnection.put(physical, statements);
        }
        return statements;
    }

    private void dropClosedConnections() {
        byConnection.keySet().removeIf(c -> {
            try {
                return c.isClosed();
            } catch (SQLException e) {
                return true; // a connection that cannot say is unusable either way
            }
        });
    }

    /** The cached statement for {@code sql}, or a new one when it is missing or in use. */
    private static PreparedStatement prepare(Map<String, Reusable> statements, Connection physical, String sql)
            throws SQLException {
        Reusable cached = statements.get(sql);
        if (cached != null && cached.inUse) {
            return physical.prepareStatement(sql); // nested use of the same SQL: not shared
        }
        if (cached == null) {
            cached = new Reusable(physical.prepareStatement(sql), statements, sql);
            statements.put(sql, cached);
        }
        cached.inUse = true;
        return cached.view;
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One cached statement and the view handed out, whose {@code close()} returns it to the cache. */
    private static final class Reusable implements InvocationHandler {
        final PreparedStatement statement;
        final PreparedStatement view;
        final Map<String, Reusable> owner;
        final String sql;
        boolean inUse;
        boolean evicted;

        Reusable(PreparedStatement statement, Map<String, Reusable> owner, String sql) {
            this.statement = statement;
            this.owner = owner;
            this.sql = sql;
            this.view = (PreparedStatement) Proxy.newProxyInstance(
                    PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    if (inUse) {
                        inUse = false;
                        if (evicted) {
                            discard();
                        } else {
                            // nothing of this use may leak into the next: parameters, or a batch
                            // left unexecuted because the caller failed while binding
                            statement.clearParameters();
                            statement.clearBatch();
                        }
                    }
                    return null;
                }
                case "isClosed" -> {
                    return !inUse || statement.isClosed();
                }
                default -> {
                    if (!inUse) {
                        throw new SQLException("statement used after close()");
                    }
                    try {
                        return method.invoke(statement, args);
                    } catch (InvocationTargetException e) {
                        // a failed statement may be left in any state: never hand it out again
                        if (owner.get(sql) == this) {
                            owner.remove(sql);
                        }
                        inUse = false;
                        discard();
                        throw e.getCause();
                    }
                }
            }
        }

        /** Out of the cache: closed now, or when its current user closes it. */
        void evict() {
            evicted = true;
            if (!inUse) {
                discard();
            }
        }

        void discard() {
            try {
                statement.close();
            } catch (SQLException e) {
                // closing a statement of a broken connection: the connection is discarded anyway
                LoggerFactory.getLogger(StatementCache.class).debug("closing a cached statement failed", e);
            }
        }
    }
}
