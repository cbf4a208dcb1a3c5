package dev.warden.platform.db;

import jakarta.persistence.PersistenceException;
import jakarta.resource.spi.ResourceAllocationException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures mean "the database is away" (503) and which stay a 500 or a 409. */
class DatabaseFailuresTest {

    /** The chain Payara and Hibernate produced when PostgreSQL was stopped (seen in the log). */
    private static RuntimeException poolRefused() {
        SQLException driver = new SQLException("Connection to localhost:5432 refused.", "08001",
                new ConnectException("Connection refused"));
        ResourceAllocationException pool = new ResourceAllocationException("Connection could not be allocated");
        pool.initCause(driver);
        SQLException allocating = new SQLException("Error in allocating a connection.", pool);
        return new IllegalStateException(new GenericJDBCException("Unable to acquire JDBC Connection", allocating));
    }

    @Test
    void aConnectionThePoolCouldNotOpenIsUnavailable() {
        assertTrue(DatabaseFailures.unavailable(poolRefused()));
        assertEquals("SQLException (SQLState 08001): Connection to localhost:5432 refused.",
                DatabaseFailures.summary(poolRefused()));
    }

    @Test
    void aConnectionLostMidwayIsUnavailable() {
        assertTrue(DatabaseFailures.unavailable(new PersistenceException(
                new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(DatabaseFailures.unavailable(new PersistenceException(
                new SQLException("An I/O error occurred while sending to the backend.", "08006"))));
        assertTrue(DatabaseFailures.unavailable(new SQLTransientConnectionException("pool wait expired")));
        assertTrue(DatabaseFailures.unavailable(new SQLException("too many clients", "53300")));
    }

    /** A dry pool, in the words of Payara's and of WildFly's pool: a 503, but the database answers. */
    @Test
    void aDryPoolIsUnavailableButNoOutage() {
        ResourceAllocationException payara = new ResourceAllocationException(
                "In-use connections equal max-pool-size and expired max-wait-time. Cannot allocate more connections.");
        RuntimeException fromPayara = new IllegalStateException(new GenericJDBCException("Unable to acquire JDBC Connection",
                new SQLException("Error in allocating a connection. Cause: " + payara.getMessage(), payara)));
        RuntimeException fromWildFly = new PersistenceException(new SQLException(
                "IJ031019: Unable to get managed connection for java:app/jdbc/warden",
                new ResourceAllocationException("IJ000655: No managed connections available within configured blocking timeout (30000 [ms])")));
        for (RuntimeException dry : java.util.List.of(fromPayara, fromWildFly)) {
            assertTrue(DatabaseFailures.unavailable(dry));
            assertTrue(DatabaseFailures.poolExhausted(dry));
            assertFalse(DatabaseFailures.timedOut(dry));
        }
        assertFalse(DatabaseFailures.poolExhausted(poolRefused()), "a database that refused is an outage");
    }

    /** A standby (or a database set read-only) refuses writes: a 503, and no outage: it answers. */
    @Test
    void aWriteAReadOnlyDatabaseRefusedIsUnavailableButNoTimeout() {
        RuntimeException refused = new PersistenceException(new SQLException(
                "cannot execute UPDATE in a read-only transaction", "25006"));
        assertTrue(DatabaseFailures.unavailable(refused));
        assertTrue(DatabaseFailures.readOnly(refused));
        assertFalse(DatabaseFailures.timedOut(refused));
        assertFalse(DatabaseFailures.readOnly(new PersistenceException(new SQLException("canceled", "57014"))));
    }

    @Test
    void otherDatabaseFailuresAreNot() {
        assertFalse(DatabaseFailures.unavailable(new ConstraintViolationException("duplicate",
                new SQLException("duplicate key value", "23505"), "uq_users_username_key")));
        assertFalse(DatabaseFailures.unavailable(new PersistenceException(
                new SQLException("relation \"users\" does not exist", "42P01"))));
        assertFalse(DatabaseFailures.unavailable(new IllegalStateException("no database involved")));
        assertFalse(DatabaseFailures.unavailable(null));
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(DatabaseFailures.unavailable(a));
    }

    /** Payara's pool failed in its own timer while dropping dead connections under load (DatabaseOutageIT). */
    @Test
    void aFailureOfThePoolWhileHandingOutAConnectionIsUnavailable() {
        IllegalStateException race = new IllegalStateException("Task already scheduled or cancelled");
        race.setStackTrace(new StackTraceElement[]{
                new StackTraceElement("java.util.Timer", "sched", "Timer.java", 413),
                new StackTraceElement("com.sun.enterprise.resource.pool.ConnectionPool", "scheduleResizerTask",
                        "ConnectionPool.java", 271)});
        assertTrue(DatabaseFailures.unavailable(new PersistenceException(race)));
        IllegalStateException ours = new IllegalStateException("a bug of ours");
        assertFalse(DatabaseFailures.unavailable(ours));
    }
}
