package dev.warden.ratelimit.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Retry-After is the time until the sliding window would let one more request through. */
class RateWindowsTest {

    @Test
    void aFullMinuteWithoutHistoryWaitsForTheNextOneAndItsDecay() {
        // 60 of 60 let through 15 s into this minute, none before: in the next minute
        // (45 s away) this one weighs 60 * (1 - f); one more passes when that is <= 59, f >= 1/60.
        assertEquals(46, RateWindows.retryAfterSeconds(60, 0, 60, 15_000));
    }

    @Test
    void aHeavyPreviousMinuteWaitsUntilItsWeightShrinks() {
        // previous 60, current 10, 30 s in: 60 * (1 - f) <= 49 when f >= 11/60, i.e. at 11 s: passes now already
        assertEquals(1, RateWindows.retryAfterSeconds(60, 60, 10, 30_000));
        // previous 60, current 30, 20 s in: 60 * (1 - f) <= 29 when f >= 31/60 = 31 s: 11 s from now
        assertEquals(11, RateWindows.retryAfterSeconds(60, 60, 30, 20_000));
    }

    @Test
    void neverLessThanOneSecond() {
        assertEquals(1, RateWindows.retryAfterSeconds(60, 1, 0, 59_999));
    }
}
