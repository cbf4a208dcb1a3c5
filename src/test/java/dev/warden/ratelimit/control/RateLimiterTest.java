package dev.warden.ratelimit.control;

import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateLimiterTest {

    /** Counting that fails as given. */
    private static RateLimiter failingWith(Supplier<RuntimeException> failure) {
        RateLimiter limiter = new RateLimiter();
        limiter.clock = Clock.systemUTC();
        limiter.windows = new RateWindows() {
            @Override
            public Decision acquire(String bucket, int limit, Instant now) {
                throw failure.get();
            }
        };
        return limiter;
    }

    @Test
    void aDatabaseThatCannotCountLetsTheRequestThrough() {
        RateLimiter limiter = failingWith(() -> new IllegalStateException("pool",
                new SQLTransientConnectionException("Connection refused", "08001")));
        assertEquals(RateWindows.Decision.ALLOWED, limiter.acquire("auth", "192.0.2.1", 20));
        assertEquals(RateWindows.Decision.ALLOWED, limiter.acquire("auth", "192.0.2.1", 20));
    }

    @Test
    void anyOtherFailureOfTheCountFailsTheRequestInsteadOfPassingIt() {
        IllegalArgumentException fault = new IllegalArgumentException("a statement the database rejects");
        RateLimiter limiter = failingWith(() -> fault);
        assertSame(fault, assertThrows(IllegalArgumentException.class, () -> limiter.acquire("auth", "192.0.2.1", 20)));
    }
}
