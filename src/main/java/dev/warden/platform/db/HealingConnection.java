package dev.warden.platform.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A pooled physical connection that replaces itself once the database cut it, for the
 * one server whose pool cannot: WildFly 38 gives the pool of a {@code @DataSourceDefinition}
 * no validation and no exception sorter (its definition carries none; the
 * {@code fish.payara} properties mean nothing there), so after a database restart it
 * handed out its dead connections for good, and every request was 503 until the server
 * restarted. Payara validates every connection before it hands it out ({@link Database})
 * and gets the plain connection.
 * <p>
 * A connection is <em>broken</em> once a call failed with a connection error (SQLState
 * class 08, or 57P01–57P03: the server shut down or is starting). It is opened again only
 * where no transaction can be cut in two: when the pool resets its auto-commit (as it
 * does when the connection comes back), or on the next call while it was in auto-commit
 * mode. Inside a transaction every call but {@code rollback} and {@code close} fails as
 * the database did, and {@code rollback} does nothing (the transaction died with the
 * connection). The settings the pool gave it (auto-commit, read-only, isolation) are given
 * to the new one.
 */
final class HealingConnection implements InvocationHandler {

    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private Connection delegate;
    private boolean broken;
    private boolean autoCommit = true;
    private Boolean readOnly;
    private Integer isolation;

    private HealingConnection(Opener opener, Connection first) {
        this.opener = opener;
        this.delegate = first;
    }

    static Connection open(Opener opener) throws SQLException {
        return (Connection) Proxy.newProxyInstance(HealingConnection.class.getClassLoader(),
                new Class<?>[]{Connection.class}, new HealingConnection(opener, opener.open()));
    }

    static boolean connectionLost(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                return true;
            }
            if (next.getNextException() == next) {
                break;
            }
        }
        return false;
    }

    @Override
    public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "HealingConnection[" + delegate + "]";
            };
        }
        if (broken) {
            if (name.equals("close")) {
                closeQuietly();
                return null;
            }
            if (name.equals("rollback") && (args == null || args.length == 0)) {
                return null;
            }
            if (name.equals("isClosed")) {
                return false;
            }
            if (name.equals("setAutoCommit")) {
                return resetWhileBroken((Boolean) args[0]);
            }
            if (!autoCommit) {
                throw new SQLException("The connection to the database was lost in this transaction", "08003");
            }
            reopen();
        }
        remember(name, args);
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException failure && connectionLost(failure)) {
                broken = true;
            }
            throw e.getCause();
        }
    }

    /**
     * The pool sets the auto-commit mode of a broken connection, as it does when the
     * connection comes back (or a transaction begins): a new connection is opened with it.
     * While the database is still away that fails, and the connection only remembers the
     * mode and stays broken: thrown, the failure would make WildFly's pool log a warning
     * with a stack trace on every request of an outage (IJ030061) and throw the connection
     * away. It is opened again on its next call; inside a transaction that call fails as
     * the database did (08003), so nothing runs that the pool believes is in one.
     */
    private Object resetWhileBroken(boolean mode) throws SQLException {
        autoCommit = mode;
        try {
            reopen();
        } catch (SQLException failure) {
            if (!connectionLost(failure)) {
                throw failure;
            }
        }
        return null;
    }

    private void remember(String name, Object[] args) {
        switch (name) {
            case "setAutoCommit" -> autoCommit = (Boolean) args[0];
            case "setReadOnly" -> readOnly = (Boolean) args[0];
            case "setTransactionIsolation" -> isolation = (Integer) args[0];
            default -> {
            }
        }
    }

    private void reopen() throws SQLException {
        closeQuietly();
        Connection fresh = opener.open();
        try {
            if (readOnly != null) {
                fresh.setReadOnly(readOnly);
            }
            if (isolation != null) {
                fresh.setTransactionIsolation(isolation);
            }
            fresh.setAutoCommit(autoCommit);
        } catch (SQLException | RuntimeException failure) {
            try {
                fresh.close();
            } catch (SQLException | RuntimeException ignored) {
                // the failure above is the one to report
            }
            throw failure;
        }
        delegate = fresh;
        broken = false;
    }

    private void closeQuietly() {
        try {
            delegate.close();
        } catch (SQLException | RuntimeException ignored) {
            // it is dead already
        }
    }
}
