package dev.warden.platform.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a failure to reach the database apart from every other failure, by walking the
 * cause chain: the pool could not hand out a connection (Payara wraps that in a
 * {@link jakarta.resource.ResourceException}: database refused, pool wait expired), the
 * driver lost or could not open a connection (SQLState class 08, PostgreSQL's 57P01..03
 * "shutting down / starting up", 53300 "too many connections", H2's broken or closed
 * database), a statement that outlived {@code warden.db.statement-timeout-ms} (57014,
 * typically waiting for another connection's row lock), a write the database refused
 * because it is read-only (25006: a standby, e.g. the old primary after a failover while
 * the URL still names it), Hibernate said so, or the pool itself failed while handing out
 * a connection. Those are 503s; anything else stays a 500.
 */
public final class DatabaseFailures {

    private static final String TIMED_OUT_STATE = "57014";
    private static final String READ_ONLY_STATE = "25006";
    private static final Set<String> UNAVAILABLE_STATES = Set.of(
            "57P01", "57P02", "57P03", "53300", // PostgreSQL: admin shutdown, crash shutdown, cannot connect now, too many connections
            TIMED_OUT_STATE, "55P03",           // PostgreSQL: statement timeout (warden.db.statement-timeout-ms), lock not available
            READ_ONLY_STATE,                    // PostgreSQL: a write in a read-only transaction (a standby)
            "90067", "90098", "90121");         // H2: connection broken, database closed, database called at VM shutdown
    private static final int MAX_DEPTH = 64;

    private DatabaseFailures() {
    }

    /**
     * A statement the database cancelled after {@code warden.db.statement-timeout-ms} (or a
     * lock it could not get): the database answers, it was this statement that waited too
     * long. A 503 like an outage, but no outage.
     */
    public static boolean timedOut(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_DEPTH; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && (TIMED_OUT_STATE.equals(sql.getSQLState()) || "55P03".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A write the database refused because it takes none (25006): a hot standby, or a
     * database set {@code default_transaction_read_only}. It answers; reads go on.
     */
    public static boolean readOnly(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_DEPTH; t = t.getCause()) {
            if (t instanceof SQLException sql && READ_ONLY_STATE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static boolean unavailable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_DEPTH; t = t.getCause()) {
            if (t instanceof jakarta.resource.ResourceException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
                return true;
            }
            if (raisedByThePool(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failure thrown by the container's connection pool itself while it handed out a
     * connection: no connection was had, so the request can be retried. Seen under load
     * while PostgreSQL went down: Payara's pool, dropping every connection at once from two
     * threads, threw "IllegalStateException: Task already scheduled or cancelled" from its
     * resizer timer (ConnectionPool.doFailAllConnectionsProcessing).
     */
    private static boolean raisedByThePool(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 12); i++) {
            String type = frames[i].getClassName();
            if (type.startsWith("com.sun.enterprise.resource.pool.") || type.startsWith("org.jboss.jca.core.connectionmanager.pool.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pool had no free connection within its wait: every connection it may open is in
     * use (slow statements, a lock held elsewhere, more load than the pool serves). The
     * database answers; a 503 like an outage, but no outage. Told by the pools' own words,
     * since both report it as the same exception types as a database that refused:
     * Payara's "In-use connections equal max-pool-size" and IronJacamar's (WildFly)
     * IJ000655 "No managed connections available within configured blocking timeout".
     */
    public static boolean poolExhausted(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_DEPTH; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("In-use connections equal max-pool-size")
                    || message.contains("IJ000655"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failure of the transaction manager with its resource (an {@code XAException}
     * anywhere in the chain): with Warden's one local resource, a connection that died under
     * an enlistment or a commit.
     */
    public static boolean xaFailure(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_DEPTH; t = t.getCause()) {
            if (t instanceof javax.transaction.xa.XAException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A transaction that failed at commit (the flush or the COMMIT itself). The JTA
     * implementation reports it as a {@code SystemException} without its cause, so
     * whether the database went away must be asked of the database.
     */
    public static boolean commitFailed(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_DEPTH; t = t.getCause()) {
            if (t instanceof jakarta.transaction.TransactionalException
                    || t instanceof jakarta.transaction.SystemException
                    || t instanceof jakarta.transaction.RollbackException
                    || t instanceof jakarta.transaction.HeuristicMixedException
                    || t instanceof jakarta.transaction.HeuristicRollbackException) {
                return true;
            }
        }
        return false;
    }

    static boolean unavailableState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || UNAVAILABLE_STATES.contains(sqlState));
    }

    /**
     * What an operator needs to know, in one line: the driver's own message (the deepest
     * SQL failure, e.g. "Connection to db:5432 refused"), without a stack trace. Driver
     * messages name hosts and users, never passwords.
     */
    public static String summary(Throwable failure) {
        Optional<SQLException> deepest = Optional.empty();
        Throwable root = failure;
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_DEPTH; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                deepest = Optional.of(sql);
            }
            root = t;
        }
        Throwable shown = deepest.<Throwable>map(s -> s).orElse(root);
        String state = deepest.map(SQLException::getSQLState).map(s -> " (SQLState " + s + ")").orElse("");
        return shown.getClass().getSimpleName() + state + ": " + shown.getMessage();
    }
}
