package dev.warden.ratelimit.control;

import dev.warden.platform.db.DatabaseStatus;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateLimiterTest {

    /**
     * Counting that fails as given: in the one-statement decision, or (when that found no
     * room) in the rest of the decision.
     */
    private static RateLimiter failingWith(Supplier<RuntimeException> failure, boolean inTheFirstStatement) {
        RateLimiter limiter = new RateLimiter();
        limiter.clock = Clock.systemUTC();
        limiter.database = new DatabaseStatus() {
            @Override
            public WardenException unavailable(Throwable cause) {
                return ErrorCode.SERVICE_UNAVAILABLE.exception().header("Retry-After", "5");
            }
        };
        limiter.windows = new RateWindows() {
            @Override
            public boolean passes(String bucket, int limit, Instant now) {
                if (inTheFirstStatement) {
                    throw failure.get();
                }
                return false;
            }

            @Override
            public Decision acquire(String bucket, int limit, Instant now) {
                throw failure.get();
            }
        };
        return limiter;
    }

    /** A count that timed out (a slow database, a lock held elsewhere) lets the request through. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aDatabaseTooSlowToCountLetsTheRequestThrough(boolean inTheFirstStatement) {
        RateLimiter limiter = failingWith(() -> new IllegalStateException("query",
                new SQLException("canceling statement due to statement timeout", "57014")), inTheFirstStatement);
        assertEquals(RateWindows.Decision.ALLOWED, limiter.acquire("auth", "192.0.2.1", 20));
        assertEquals(RateWindows.Decision.ALLOWED, limiter.acquire("auth", "192.0.2.1", 20));
    }

    /**
     * No database at all: the request is answered 503 at once, since it needs the database
     * too and would otherwise wait for a connection a second time.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aDatabaseOutOfReachAnswers503AtOnce(boolean inTheFirstStatement) {
        RateLimiter limiter = failingWith(() -> new IllegalStateException("pool",
                new SQLTransientConnectionException("Connection refused", "08001")), inTheFirstStatement);
        WardenException refused = assertThrows(WardenException.class, () -> limiter.acquire("auth", "192.0.2.1", 20));
        assertEquals(503, refused.status());
        assertEquals("service_unavailable", refused.code());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anyOtherFailureOfTheCountFailsTheRequestInsteadOfPassingIt(boolean inTheFirstStatement) {
        IllegalArgumentException fault = new IllegalArgumentException("a statement the database rejects");
        RateLimiter limiter = failingWith(() -> fault, inTheFirstStatement);
        assertSame(fault, assertThrows(IllegalArgumentException.class, () -> limiter.acquire("auth", "192.0.2.1", 20)));
    }
}
