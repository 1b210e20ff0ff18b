package dev.stepwise.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A test seam around a data source: its connections call a listener on the writing thread at fixed
 * points of a write transaction, so a test can kill the connection between statements and check that
 * nothing partial becomes visible. The store knows nothing of it.
 */
final class TxStages {

    enum Stage {
        /** The record row is written; its items are about to be appended (their INSERT is being prepared). */
        RECORD_WRITTEN,
        /** Every statement ran; the transaction is about to commit. */
        BEFORE_COMMIT
    }

    @FunctionalInterface
    interface Listener {
        void at(Stage stage, Connection connection) throws SQLException;
    }

    private TxStages() {}

    /** {@code dataSource} whose connections report the stages of writes to the items table of {@code tables}. */
    static DataSource around(DataSource dataSource, Tables tables, Listener listener) {
        String insertItems = "INSERT INTO " + tables.items() + " ";
        return proxy(DataSource.class, dataSource, (method, args) -> {
            Object result = invoke(method, dataSource, args);
            if (method.getName().equals("getConnection")) {
                Connection c = (Connection) result;
                return proxy(Connection.class, c, (m, a) -> {
                    if (m.getName().equals("prepareStatement") && ((String) a[0]).startsWith(insertItems)) {
                        listener.at(Stage.RECORD_WRITTEN, c);
                    } else if (m.getName().equals("commit")) {
                        listener.at(Stage.BEFORE_COMMIT, c);
                    }
                    return invoke(m, c, a);
                });
            }
            return result;
        });
    }

    @FunctionalInterface
    private interface Call {
        Object run(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (p, method, args) -> call.run(method, args);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
