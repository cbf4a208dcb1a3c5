package dev.warden.platform.db;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HousekeepingTest {

    private record Scheduled(Runnable task, long initialMillis, long delayMillis, List<Boolean> cancelled) {
    }

    private final List<Scheduled> scheduled = new ArrayList<>();
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
        housekeeping.scheduler = (ManagedScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ManagedScheduledExecutorService.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("scheduleWithFixedDelay")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    TimeUnit unit = (TimeUnit) args[3];
                    List<Boolean> cancelled = new ArrayList<>();
                    scheduled.add(new Scheduled((Runnable) args[0], unit.toMillis((Long) args[1]),
                            unit.toMillis((Long) args[2]), cancelled));
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ScheduledFuture.class},
                            (future, call, callArgs) -> {
                                if (call.getName().equals("cancel")) {
                                    cancelled.add(true);
                                    return true;
                                }
                                throw new UnsupportedOperationException(call.getName());
                            });
                });
        return housekeeping;
    }

    private void pass(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    /**
     * The container's scheduler keeps a cancelled task until its time comes, and the task
     * holds the application's class loader: an hourly job must not wait an hour there.
     */
    @Test
    void anHourlyJobWaitsOnTheSchedulerATickAtMostAndRunsOncePerHour() {
        Housekeeping housekeeping = housekeeping();
        AtomicInteger runs = new AtomicInteger();
        housekeeping.every(Duration.ofHours(1), "hourly", runs::incrementAndGet);

        assertEquals(1, scheduled.size());
        Scheduled task = scheduled.get(0);
        assertTrue(task.initialMillis() <= Housekeeping.TICK_MILLIS && task.delayMillis() <= Housekeeping.TICK_MILLIS,
                "waits at most a tick: " + task);

        pass(Duration.ofMinutes(59));
        task.task().run();
        assertEquals(0, runs.get(), "not due before its hour");
        pass(Duration.ofMinutes(1));
        task.task().run();
        assertEquals(1, runs.get(), "due after its hour");
        task.task().run();
        pass(Duration.ofMinutes(30));
        task.task().run();
        assertEquals(1, runs.get(), "the next hour counts from the end of the run");
        pass(Duration.ofMinutes(30));
        task.task().run();
        assertEquals(2, runs.get());

        housekeeping.stop();
        assertEquals(List.of(true), task.cancelled(), "cancelled when the application stops");
    }

    @Test
    void aJobShorterThanATickIsScheduledAtItsOwnPeriodAndAFailureWaitsForTheNextPeriod() {
        Housekeeping housekeeping = housekeeping();
        AtomicInteger runs = new AtomicInteger();
        housekeeping.every(Duration.ofMillis(250), "quick", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("fails");
        });

        Scheduled task = scheduled.get(0);
        assertEquals(250, task.delayMillis());
        pass(Duration.ofMillis(250));
        task.task().run();
        task.task().run();
        assertEquals(1, runs.get(), "a failed run is tried again one period later, not at once");
        pass(Duration.ofMillis(250));
        task.task().run();
        assertEquals(2, runs.get());
    }
}
