package dev.warden.platform.db;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether Warden can serve: its start-up (schema, keys, first admin) has run, and the
 * database answers. While the database is away, every request that needs it is answered
 * 503 {@code service_unavailable} with {@code Retry-After}; the outage is logged once at
 * WARNING when it begins (with the driver's reason, no stack trace) and once at INFO when
 * it ends, however many requests were refused in between. The end is found by a probe
 * that runs only during an outage; it fires {@link DatabaseAvailable} so that a start-up
 * interrupted by the outage can finish.
 * <p>
 * Readiness asks {@link #answers()}: whether the database takes a connection of its own,
 * outside the pool, asked at most every {@link #READY_CHECK_INTERVAL_MILLIS} ms. Not a
 * pooled connection: a pool that is dry under load that every instance shares would take
 * every instance out of the load balancer at once, where each still answers most requests.
 */
@ApplicationScoped
public class DatabaseStatus {

    private static final Logger LOG = Logger.getLogger(DatabaseStatus.class.getName());
    public static final int RETRY_AFTER_SECONDS = 5;
    private final AtomicLong lastSlowWarning = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
    private final AtomicLong lastReadOnlyWarning = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
    private final AtomicLong lastDryWarning = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
    /** Request attribute carrying a database failure from the container's security layer to the error page. */
    public static final String FAILURE_ATTRIBUTE = "dev.warden.database-failure";
    static final long PROBE_INTERVAL_MILLIS = 1000;
    private static final int PROBE_TIMEOUT_SECONDS = 3;
    private static final String TOO_MANY_CONNECTIONS = "53300";

    @Inject
    @WardenDb
    DataSource dataSource;

    @Inject
    Event<DatabaseAvailable> available;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile boolean started;
    private volatile Instant outageSince;
    private final AtomicLong refused = new AtomicLong();
    private ScheduledFuture<?> probe;
    /** How long readiness's last answer stands before the database is asked again. */
    static final long READY_CHECK_INTERVAL_MILLIS = 2000;
    long readyCheckIntervalNanos = TimeUnit.MILLISECONDS.toNanos(READY_CHECK_INTERVAL_MILLIS);
    private final ReentrantLock readyCheck = new ReentrantLock();
    private volatile long lastAsked = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    private volatile boolean lastAnswer;

    /** Start-up is complete: the API may serve. */
    public void started() {
        started = true;
    }

    public boolean isStarted() {
        return started;
    }

    public boolean inOutage() {
        return outageSince != null;
    }

    /** Since when the database is away, while it is. */
    public Optional<Instant> outageSince() {
        return Optional.ofNullable(outageSince);
    }

    /**
     * Whether the database answers, for readiness: no outage is known, and a connection of
     * its own (outside the pool) answered a round trip, asked at most once every
     * {@link #READY_CHECK_INTERVAL_MILLIS} ms; in between, the last answer stands. So a
     * readiness probe, however often it is called, opens at most one database connection
     * in that time and never waits for the pool; a caller that comes while the question is
     * asked gets the last answer instead of waiting. A database that refuses the connection
     * (stopped, unreachable, a frozen one that lets the connection attempt time out) begins
     * an outage, as a request that found it so would: logged once, and the probe finds its
     * end.
     */
    public boolean answers() {
        if (inOutage()) {
            return false;
        }
        if (System.nanoTime() - lastAsked < readyCheckIntervalNanos || !readyCheck.tryLock()) {
            return lastAnswer;
        }
        try {
            if (System.nanoTime() - lastAsked < readyCheckIntervalNanos) {
                return lastAnswer;
            }
            Throwable failure = ownConnectionFailure();
            lastAnswer = failure == null;
            lastAsked = System.nanoTime();
            // a round trip that timed out (SQLTimeoutException) is a database that crawls: no outage
            if (failure != null && DatabaseFailures.unavailable(failure)) {
                outage(failure);
            }
            return lastAnswer;
        } finally {
            readyCheck.unlock();
        }
    }

    /**
     * Records that the database could not be reached and answers the 503 to send. The
     * first call of an outage logs it and starts the probe; later ones only count.
     */
    public WardenException unavailable(Throwable cause) {
        refused.incrementAndGet();
        if (DatabaseFailures.timedOut(cause)) {
            slowStatement();
        } else if (DatabaseFailures.readOnly(cause)) {
            readOnly();
        } else if (DatabaseFailures.poolExhausted(cause)) {
            poolDry();
        } else {
            outage(cause);
        }
        return answer();
    }

    /**
     * The pool had no free connection within {@code warden.db.acquire-timeout-ms}: no outage
     * begins (the database answers; until 2026-12-04 this was logged as "Database
     * unavailable", which sent operators looking at a healthy database).
     */
    private void poolDry() {
        onceAMinute(lastDryWarning, "No free database connection within warden.db.acquire-timeout-ms: every "
                + "connection of the pool is in use (slow statements, a lock held elsewhere, or more load than the "
                + "pool serves); such requests answer 503. The database itself answers.");
    }

    /**
     * The database refused a write because it is read-only: no outage begins (it answers,
     * and what only reads goes on being served), but every request that writes answers 503
     * until it takes writes again.
     */
    private void readOnly() {
        onceAMinute(lastReadOnlyWarning, "The database refuses writes: it is read-only (a standby, such as the old "
                + "primary after a failover while warden.db.url still names it, or default_transaction_read_only). "
                + "Requests that write (logins, refreshes, every change) answer 503; reads are served.");
    }

    /** A statement outlived the statement timeout: no outage begins. */
    private void slowStatement() {
        onceAMinute(lastSlowWarning, "A database statement ran past warden.db.statement-timeout-ms (waiting for a "
                + "row lock held elsewhere, or a database that crawls) and was cancelled; its request answered 503.");
    }

    private static void onceAMinute(AtomicLong lastSaid, String warning) {
        long now = System.nanoTime();
        long last = lastSaid.get();
        if (now - last > TimeUnit.MINUTES.toNanos(1) && lastSaid.compareAndSet(last, now)) {
            LOG.warning(warning + " Said once a minute at most.");
        }
    }

    /** The answer for a request that arrives before start-up could finish. */
    public WardenException refusal() {
        refused.incrementAndGet();
        return answer();
    }

    private static WardenException answer() {
        return ErrorCode.SERVICE_UNAVAILABLE.exception()
                .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    }

    /** Records that the database could not be reached (logged once per outage). */
    public synchronized void outage(Throwable cause) {
        if (outageSince != null) {
            LOG.log(Level.FINE, "Database still unavailable: {0}", DatabaseFailures.summary(cause));
            return;
        }
        outageSince = Instant.now();
        LOG.warning("Database unavailable: " + DatabaseFailures.summary(cause)
                + ". Requests that need it answer 503 until it is back; checking every "
                + PROBE_INTERVAL_MILLIS + " ms.");
        probe = scheduler.scheduleWithFixedDelay(this::probe, PROBE_INTERVAL_MILLIS, PROBE_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Whether a commit that failed without saying why failed because the database went
     * away: it did unless the database still takes a new connection. A pooled connection
     * is no proof: while PostgreSQL shuts down ({@code pg_ctl stop -m fast}, a failover) it
     * cuts its sessions one by one and already refuses new ones, so a pooled connection
     * whose session it has not cut yet still answers, for a moment, after another's commit
     * was cut. During an outage already known, no connection is tried.
     */
    public boolean lostAtCommit() {
        return inOutage() || !takesNewConnections();
    }

    /**
     * A new connection of its own, outside the pool, and a round trip on it. A database
     * that refuses it only because every connection it allows is taken (53300, e.g. by the
     * pools of several instances) is up.
     */
    private boolean takesNewConnections() {
        return ownConnectionFailure() == null;
    }

    /**
     * Why the database took no new connection of its own outside the pool, or did not
     * answer a round trip on it within {@code PROBE_TIMEOUT_SECONDS} (an
     * {@link SQLTimeoutException}); {@code null} if it did, or refused only because every
     * connection it allows is taken (53300).
     */
    Throwable ownConnectionFailure() {
        try (Connection connection = Database.unpooled().getConnection()) {
            return connection.isValid(PROBE_TIMEOUT_SECONDS) ? null
                    : new SQLTimeoutException("no answer within " + PROBE_TIMEOUT_SECONDS + " s");
        } catch (SQLException refused) {
            LOG.log(Level.FINEST, "Database takes no new connection", refused);
            return TOO_MANY_CONNECTIONS.equals(refused.getSQLState()) ? null : refused;
        } catch (RuntimeException down) {
            LOG.log(Level.FINEST, "Database takes no new connection", down);
            return down;
        }
    }

    /** One pooled connection and a round trip: the pool drops the dead ones it holds. */
    private boolean poolServes() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(PROBE_TIMEOUT_SECONDS);
        } catch (Exception down) {
            LOG.log(Level.FINEST, "Database not reachable", down);
            return false;
        }
    }

    /**
     * The outage ends when the database takes new connections (a shutting-down one still
     * answers on sessions it has not cut yet) and the pool serves one again.
     */
    private void probe() {
        if (!takesNewConnections() || !poolServes()) {
            return;
        }
        Duration down = endOutage();
        if (down != null) {
            available.fire(new DatabaseAvailable(down));
        }
    }

    private synchronized Duration endOutage() {
        Instant since = outageSince;
        if (since == null) {
            return null;
        }
        outageSince = null;
        // the probe just had the database take a connection and the pool serve one
        lastAnswer = true;
        lastAsked = System.nanoTime();
        if (probe != null) {
            probe.cancel(false);
            probe = null;
        }
        Duration down = Duration.between(since, Instant.now());
        LOG.info("Database reachable again after " + down.toSeconds() + " s; " + refused.getAndSet(0)
                + " requests were answered 503 meanwhile.");
        return down;
    }

    @PreDestroy
    synchronized void stop() {
        if (probe != null) {
            probe.cancel(true);
        }
    }
}
