package dev.warden.platform.db;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What is due when, on a clock the test moves (the thread that calls {@code runDue} is the server's). */
class HousekeepingTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private Housekeeping housekeeping() {
        Housekeeping housekeeping = new Housekeeping();
        housekeeping.now = nanos::get;
        housekeeping.database = new DatabaseStatus() {
            @Override
            public boolean isStarted() {
                return true;
            }

            @Override
            public boolean inOutage() {
                return false;
            }
        };
        return housekeeping;
    }

    private void pass(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    @Test
    void anHourlyJobRunsOncePerHourCountedFromTheEndOfItsLastRunAndTheThreadSleepsATickAtMost() {
        Housekeeping housekeeping = housekeeping();
        AtomicInteger runs = new AtomicInteger();
        housekeeping.every(Duration.ofHours(1), "hourly", runs::incrementAndGet);

        assertEquals(TimeUnit.MILLISECONDS.toNanos(Housekeeping.TICK_MILLIS), housekeeping.runDue(),
                "the thread looks again after a tick at most");
        pass(Duration.ofMinutes(59));
        housekeeping.runDue();
        assertEquals(0, runs.get(), "not due before its hour");
        pass(Duration.ofMinutes(1));
        housekeeping.runDue();
        assertEquals(1, runs.get(), "due after its hour");
        housekeeping.runDue();
        pass(Duration.ofMinutes(30));
        housekeeping.runDue();
        assertEquals(1, runs.get(), "the next hour counts from the end of the run");
        pass(Duration.ofMinutes(30));
        housekeeping.runDue();
        assertEquals(2, runs.get());

        housekeeping.stop();
        pass(Duration.ofHours(2));
        housekeeping.runDue();
        assertEquals(2, runs.get(), "nothing runs once the application stops");
    }

    @Test
    void aJobShorterThanATickIsLookedAtInItsOwnPeriodAndAFailureWaitsForTheNextPeriod() {
        Housekeeping housekeeping = housekeeping();
        AtomicInteger runs = new AtomicInteger();
        housekeeping.every(Duration.ofMillis(250), "quick", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("fails");
        });

        assertEquals(TimeUnit.MILLISECONDS.toNanos(250), housekeeping.runDue(), "the thread wakes when it is due");
        pass(Duration.ofMillis(250));
        housekeeping.runDue();
        housekeeping.runDue();
        assertEquals(1, runs.get(), "a failed run is tried again one period later, not at once");
        pass(Duration.ofMillis(250));
        housekeeping.runDue();
        assertEquals(2, runs.get());
    }
}
