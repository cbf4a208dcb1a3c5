package dev.warden.platform.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>
 * One connection found broken makes every other one suspect, as Payara's
 * {@code fail-all-connections} does: a database that froze (no reset, no answer) is found
 * out only by a socket timeout, and without this every pooled connection would cost a
 * request that timeout in turn. A connection opened before the last connection was found
 * lost is opened again at its next safe point (the pool's reset of auto-commit, or its next
 * call in auto-commit mode); a transaction already running on it is left to finish.
 */
final class HealingConnection implements InvocationHandler {

    interface Opener {
        Connection open() throws SQLException;
    }

    /** How many times a call found its connection lost, in this process: connections opened before the last one are suspect. */
    private static final AtomicLong LOST = new AtomicLong();

    /** After a try to open the connection again failed for the database's absence, how long at most calls fail without another. */
    static final long REOPEN_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Opener opener;
    private final long reopenPauseNanos;
    private SQLException reopenFailed;
    private long reopenFailedAt;
    private Connection delegate;
    private long opened;
    private boolean broken;
    private boolean autoCommit = true;
    private Boolean readOnly;
    private Integer isolation;

    private HealingConnection(Opener opener, Connection first, long opened, long reopenPauseNanos) {
        this.opener = opener;
        this.delegate = first;
        this.opened = opened;
        this.reopenPauseNanos = reopenPauseNanos;
    }

    static Connection open(Opener opener) throws SQLException {
        return open(opener, REOPEN_PAUSE_NANOS);
    }

    static Connection open(Opener opener, long reopenPauseNanos) throws SQLException {
        long generation = LOST.get();
        return (Connection) Proxy.newProxyInstance(HealingConnection.class.getClassLoader(),
                new Class<?>[]{Connection.class}, new HealingConnection(opener, opener.open(), generation, reopenPauseNanos));
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
        if (!broken && opened < LOST.get() && (autoCommit || name.equals("setAutoCommit"))
                && !name.equals("close") && !name.equals("isClosed")) {
            broken = true; // another connection was found lost since this one opened: replace it here
        }
        if (broken) {
            switch (name) {
                case "close" -> {
                    closeQuietly();
                    return null;
                }
                case "isClosed" -> {
                    return false;
                }
                case "getWarnings", "clearWarnings", "endRequest" -> {
                    return null; // nothing to say or do on a dead connection: no reason to reconnect
                }
                case "beginRequest" -> {
                    reopenFailed = null; // the pool hands it out again: that request gets its own try
                    return null;
                }
                case "setAutoCommit" -> {
                    return resetWhileBroken((Boolean) args[0]);
                }
                default -> {
                }
            }
            if (name.equals("rollback") && (args == null || args.length == 0)) {
                return null;
            }
            if (!autoCommit) {
                throw new SQLException("The connection to the database was lost in this transaction", "08003");
            }
            reopenOrFailFast();
        }
        remember(name, args);
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException failure && connectionLost(failure)) {
                broken = true;
                LOST.incrementAndGet();
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
            reopenOrFailFast();
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

    /**
     * Opens the connection again, unless that failed for the database's absence since the
     * pool last handed the connection out ({@code beginRequest}, which WildFly's pool calls
     * at every checkout) and less than {@link #REOPEN_PAUSE_NANOS} ago: then the call fails
     * at once as that try did. A database that takes connections but never answers (frozen,
     * or a network that drops packets) holds every try for the whole connect timeout; one
     * request makes several calls on its connection (its transaction's begin, statements,
     * the pool's reset when it comes back) and must pay that once, not once per call.
     */
    private void reopenOrFailFast() throws SQLException {
        if (reopenFailed != null && System.nanoTime() - reopenFailedAt < reopenPauseNanos) {
            throw new SQLException("The database could not be reached a moment ago: " + reopenFailed.getMessage(),
                    reopenFailed.getSQLState(), reopenFailed);
        }
        try {
            reopen();
            reopenFailed = null;
        } catch (SQLException failure) {
            if (connectionLost(failure)) {
                reopenFailed = failure;
                reopenFailedAt = System.nanoTime();
            }
            throw failure;
        }
    }

    private void reopen() throws SQLException {
        closeQuietly();
        long generation = LOST.get();
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
        opened = generation;
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
