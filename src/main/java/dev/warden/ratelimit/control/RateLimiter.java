package dev.warden.ratelimit.control;

import dev.warden.platform.db.DatabaseFailures;
import dev.warden.platform.db.DatabaseStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Decides whether a client may make one more request of a scope. The counting is
 * {@link RateWindows}' (the database, shared by every instance). If the count's statement
 * timed out (a slow database, a lock held elsewhere), the request is let through and that
 * is logged once until counting works again: a limiter that crawls must neither lock
 * everyone out nor go unnoticed. If the database cannot be reached at all, the request is
 * answered 503 at once ({@link DatabaseStatus}): every limited endpoint needs the database,
 * and letting it through would only make it wait a second time for a connection (twice
 * {@code warden.db.acquire-timeout-ms} for a login while the database is frozen). Any
 * other failure of the count is a fault, not an outage: the request fails with it (a 500)
 * rather than pass uncounted.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());

    @Inject
    RateWindows windows;

    @Inject
    Clock clock;

    @Inject
    DatabaseStatus database;

    private final AtomicBoolean failing = new AtomicBoolean();

    public RateWindows.Decision acquire(String scope, String client, int perMinute) {
        try {
            String bucket = scope + ":" + client;
            Instant now = clock.instant();
            RateWindows.Decision decision = windows.passes(bucket, perMinute, now)
                    ? RateWindows.Decision.ALLOWED : windows.acquire(bucket, perMinute, now);
            if (failing.compareAndSet(true, false)) {
                LOG.info("Rate limits are counted again");
            }
            return decision;
        } catch (RuntimeException e) {
            if (!DatabaseFailures.unavailable(e)) {
                throw e; // a fault of the counting itself must not switch the limit off unnoticed
            }
            if (!DatabaseFailures.timedOut(e)) {
                throw database.unavailable(e); // no database: the request could not be served either
            }
            if (failing.compareAndSet(false, true)) {
                LOG.warning("Rate limits cannot be counted (" + e.getClass().getSimpleName()
                        + "); requests are let through until they can");
            }
            return RateWindows.Decision.ALLOWED;
        }
    }
}
