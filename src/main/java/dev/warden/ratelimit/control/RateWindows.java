package dev.warden.ratelimit.control;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.db.WardenDb;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The sliding window (the two-counter approximation): a request at fraction {@code f} of
 * the current minute passes if {@code previous * (1 - f) + current < limit}, where the
 * counters hold the requests let through. The previous minute is closed, so reading it is
 * stable; the current one is raised by one atomic UPDATE that succeeds only below the
 * allowance (created with its first hit by the window's first request), so concurrent
 * requests on any number of instances never pass more than it.
 */
@ApplicationScoped
public class RateWindows {

    static final long WINDOW_MS = 60_000;

    /**
     * One more hit if the window exists and has room, the allowance worked out by the
     * statement from the previous window's row: {@code hits + 1 <= allowance} is
     * {@code hits + 1 + previous * weight <= limit} (up to the same 1e-9), hits being whole
     * numbers. Atomic, and it takes no lock when it finds no room.
     */
    private static final String RAISE_WEIGHTED = """
            UPDATE rate_windows SET hits = hits + 1
            WHERE bucket = ? AND window_start = ?
              AND hits + 1 + ? * COALESCE((SELECT p.hits FROM rate_windows p
                  WHERE p.bucket = ? AND p.window_start = ?), 0) <= ?""";

    /** Whether the request may pass; if not, the seconds until one would, and whether to audit. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        public static final Decision ALLOWED = new Decision(true, 0);
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Audit audit;

    @Inject
    @WardenDb
    DataSource dataSource;

    /**
     * The common case, a request with room in a window that exists: one statement that
     * commits by itself (autocommit: no JTA transaction, no persistence context, no
     * COMMIT round trip). Whether it passed; if not, {@link #acquire} decides.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public boolean passes(String bucket, int limit, Instant now) {
        long millis = now.toEpochMilli();
        long window = millis - Math.floorMod(millis, WINDOW_MS);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement raise = connection.prepareStatement(RAISE_WEIGHTED)) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            raise.setString(1, bucket);
            raise.setLong(2, window);
            raise.setDouble(3, 1 - (millis - window) / (double) WINDOW_MS); // the previous window's weight
            raise.setString(4, bucket);
            raise.setLong(5, window - WINDOW_MS);
            raise.setDouble(6, limit + 1e-9);
            return raise.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("Could not count a request against the rate limit", e);
        }
    }

    /**
     * The rest of the decision, once {@link #passes} found no room or no window: in a
     * transaction, since a refusal may write its audit event.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Decision acquire(String bucket, int limit, Instant now) {
        long millis = now.toEpochMilli();
        long window = millis - Math.floorMod(millis, WINDOW_MS);
        double elapsed = (millis - window) / (double) WINDOW_MS;
        // A refusal must hold no lock: under a flood, refused requests queuing for the
        // counter's row would each keep a worker and a pooled connection. So the count is
        // raised by an UPDATE that takes nothing when it finds no room, and only the window's
        // first request inserts (with its one hit; a lost race to insert tries the UPDATE,
        // with the allowance worked out here, again).
        int previous = hits(bucket, window - WINDOW_MS);
        int allowance = allowance(limit, previous, 1 - elapsed);
        if (allowance >= 1 && (create(bucket, window, 1) || raise(bucket, window, allowance))) {
            return Decision.ALLOWED;
        }
        if (allowance < 1) {
            create(bucket, window, 0); // refused by the previous minute alone: the window must exist to mark its audit
        }
        int current = hits(bucket, window);
        int firstRefusal = em.createQuery("""
                        update RateWindow w set w.audited = true
                        where w.bucket = :bucket and w.windowStart = :window and w.audited = false""")
                .setParameter("bucket", bucket).setParameter("window", window).executeUpdate();
        if (firstRefusal == 1) {
            audit.record(Audited.failure(EventType.RATE_LIMITED).with("scope", bucket.substring(0, bucket.indexOf(':')))
                    .with("limit_per_minute", limit));
        }
        return new Decision(false, retryAfterSeconds(limit, previous, current, millis - window));
    }

    /** What the current window may hold: the limit less the previous window's weighted hits. */
    static int allowance(int limit, int previous, double previousWeight) {
        return (int) Math.floor(limit - previous * previousWeight + 1e-9);
    }

    /** One more hit in the window if it exists and has room; atomic, and no lock taken when it has none. */
    private boolean raise(String bucket, long window, int allowance) {
        return em.createQuery("""
                        update RateWindow w set w.hits = w.hits + 1
                        where w.bucket = :bucket and w.windowStart = :window and w.hits < :allowance""")
                .setParameter("bucket", bucket).setParameter("window", window).setParameter("allowance", allowance)
                .executeUpdate() == 1;
    }

    /** Creates the window with {@code hits} unless it exists; whether it did. Takes no lock on an existing one. */
    private boolean create(String bucket, long window, int hits) {
        return em.createQuery("""
                        insert into RateWindow (bucket, windowStart, hits, audited)
                        values (:bucket, :window, :hits, false) on conflict do nothing""")
                .setParameter("bucket", bucket).setParameter("window", window).setParameter("hits", hits)
                .executeUpdate() == 1;
    }

    private int hits(String bucket, long window) {
        return em.createQuery("select w.hits from RateWindow w where w.bucket = :bucket and w.windowStart = :window",
                        Integer.class)
                .setParameter("bucket", bucket).setParameter("window", window).getResultStream().findFirst().orElse(0);
    }

    /**
     * The seconds until a request would pass: later in this minute, when the previous
     * minute's weight has shrunk enough, or else in the next minute, when this one's has.
     */
    static long retryAfterSeconds(int limit, int previous, int current, long elapsedMs) {
        double wait;
        double room = limit - current - 1;
        if (room >= 0 && previous > 0) {
            double later = WINDOW_MS * (1 - room / previous) - elapsedMs;
            wait = elapsedMs + later <= WINDOW_MS ? Math.max(later, 0) : nextWindow(limit, current, elapsedMs);
        } else {
            wait = nextWindow(limit, current, elapsedMs);
        }
        return Math.max(1, (long) Math.ceil(wait / 1000));
    }

    private static double nextWindow(int limit, int current, long elapsedMs) {
        double into = current == 0 ? 0 : Math.max(0, WINDOW_MS * (1 - (limit - 1) / (double) current));
        return WINDOW_MS - elapsedMs + into;
    }

    /** Deletes the windows no decision reads any more. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purge(Instant now) {
        return em.createQuery("delete from RateWindow w where w.windowStart < :before")
                .setParameter("before", now.toEpochMilli() - 3 * WINDOW_MS).executeUpdate();
    }
}
