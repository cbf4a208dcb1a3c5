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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Periodic database chores (purges, re-reads) on the container's scheduler: each runs only
 * once start-up is done and while the database answers, and a failed run is logged at FINE
 * and tried again next period (a job whose failure matters logs it itself). Every job is
 * cancelled when the application stops.
 * <p>
 * No task waits longer than {@link #TICK_MILLIS} on the scheduler: a job with a longer period
 * wakes every tick and runs once its period has passed since its last run ended. The
 * container's scheduler keeps a cancelled task in its queue until the task's time comes
 * (the JDK's {@code ScheduledThreadPoolExecutor} without remove-on-cancel, Payara 6), and the
 * task holds the application's class loader: with the purges' hourly tasks every redeploy
 * on Payara Server kept the previous deployment's classes (~4 MB of metaspace, 5,500
 * classes, and what they hold) for up to an hour (seen in a heap dump, 2026-12-07). Now
 * they leave the queue within a tick of the undeploy.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    /** The longest a task waits on the container's scheduler (see the class comment). */
    static final long TICK_MILLIS = 1_000;

    @Inject
    DatabaseStatus database;

    @Inject
    JobRuns runs;

    @Inject
    Clock clock;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final List<ScheduledFuture<?>> jobs = new CopyOnWriteArrayList<>();

    /** When a job is due: the monotonic clock, which a change of the wall clock does not move. */
    LongSupplier now = System::nanoTime;

    /**
     * Runs {@code job} every {@code period} (at least 100 ms) from the end of its last run, the
     * first time one period from now (give or take a tick).
     */
    public void every(Duration period, String name, Runnable job) {
        long millis = Math.max(100, period.toMillis());
        long tick = Math.min(millis, TICK_MILLIS);
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        AtomicLong due = new AtomicLong(now.getAsLong() + nanos);
        jobs.add(scheduler.scheduleWithFixedDelay(() -> {
            if (now.getAsLong() - due.get() >= 0) {
                try {
                    run(name, job);
                } finally {
                    due.set(now.getAsLong() + nanos);
                }
            }
        }, tick, tick, TimeUnit.MILLISECONDS));
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
