package dev.warden.platform.db;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Periodic database chores (purges, re-reads) on the container's scheduler: each runs only
 * once start-up is done and while the database answers, and a failed run is logged at FINE
 * and tried again next period (a job whose failure matters logs it itself). Every job is
 * cancelled when the application stops.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    @Inject
    DatabaseStatus database;

    @Inject
    JobRuns runs;

    @Inject
    Clock clock;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final List<ScheduledFuture<?>> jobs = new CopyOnWriteArrayList<>();

    /** Runs {@code job} every {@code period} (at least 100 ms), the first time one period from now. */
    public void every(Duration period, String name, Runnable job) {
        long millis = Math.max(100, period.toMillis());
        jobs.add(scheduler.scheduleWithFixedDelay(() -> run(name, job), millis, millis, TimeUnit.MILLISECONDS));
    }

    /**
     * Runs {@code job} once per {@code period} (at least 1 s) for the whole cluster: every
     * instance wakes up each period, and the one that claims the period in job_runs
     * ({@link JobRuns#claim}; a little less than the period, so that the instance whose turn
     * it is does not miss it by a clock tick) runs it. A failure is logged as a warning once,
     * until a run succeeds again.
     */
    public void oncePerPeriod(Duration period, String name, Runnable job) {
        Duration every = period.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : period;
        Duration turn = every.minusMillis(every.toMillis() / 10);
        AtomicBoolean failing = new AtomicBoolean();
        every(every, name, () -> {
            try {
                if (runs.claim(name, clock.instant(), turn)) {
                    job.run();
                }
                failing.set(false);
            } catch (RuntimeException e) {
                if (!failing.getAndSet(true)) {
                    LOG.log(Level.WARNING, "Housekeeping job {0} failed; it runs again next period: {1}",
                            new Object[] {name, e.toString()});
                }
            }
        });
    }

    /**
     * Calls {@code batch} (one short transaction deleting at most {@code size} rows) until
     * it deletes fewer than {@code size}: a purge that never holds a table for long.
     *
     * @return the rows deleted in all
     */
    public static long inBatches(int size, IntSupplier batch) {
        long deleted = 0;
        int last;
        do {
            last = batch.getAsInt();
            deleted += last;
        } while (last == size);
        return deleted;
    }

    private void run(String name, Runnable job) {
        if (!database.isStarted() || database.inOutage()) {
            return;
        }
        try {
            job.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Housekeeping job " + name + " failed; it runs again next period", e);
        }
    }

    @PreDestroy
    void stop() {
        jobs.forEach(job -> job.cancel(false));
    }
}
