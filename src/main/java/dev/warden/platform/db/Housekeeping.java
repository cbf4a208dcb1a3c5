package dev.warden.platform.db;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Periodic database chores (purges, re-reads) on one thread of the application's
 * ({@code warden-housekeeping}, from the container's thread factory): each runs only once
 * start-up is done and while the database answers, and a failed run is logged at FINE and
 * tried again next period (a job whose failure matters logs it itself). The thread ends when
 * the application stops.
 * <p>
 * Not the container's scheduler. Its queue kept a cancelled task until the task's time came
 * (the JDK's {@code ScheduledThreadPoolExecutor} without remove-on-cancel, Payara 6), and the
 * task held the application's class loader: with the purges' hourly tasks every redeploy on
 * Payara Server kept the previous deployment's classes for up to an hour (seen in a heap
 * dump, 2026-12-07); tasks that woke every second instead fixed that, but WildFly refuses a
 * task of its scheduler once it suspends for a shutdown and logs that as an ERROR with a stack
 * trace (WFLYEE0110), which with a task a second happened at many shutdowns (seen
 * 2026-12-07). A thread of the application's own has neither: it sleeps until the next job
 * is due (at most {@link #TICK_MILLIS}) and runs the jobs due, one after the other.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    /** The longest the thread sleeps between two looks at what is due. */
    static final long TICK_MILLIS = 1_000;

    @Inject
    DatabaseStatus database;

    @Inject
    JobRuns runs;

    @Inject
    Clock clock;

    @Resource
    ManagedThreadFactory threads;

    private record Job(String name, long periodNanos, AtomicLong due, Runnable work) {
    }

    private final List<Job> jobs = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private Thread ticker;

    /** When a job is due: the monotonic clock, which a change of the wall clock does not move. */
    LongSupplier now = System::nanoTime;

    /**
     * Runs {@code job} every {@code period} (at least 100 ms) from the end of its last run, the
     * first time one period from now.
     */
    public void every(Duration period, String name, Runnable job) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(100, period.toMillis()));
        jobs.add(new Job(name, nanos, new AtomicLong(now.getAsLong() + nanos), job));
        startTicker();
    }

    private synchronized void startTicker() {
        if (ticker != null || stopped || threads == null) {
            return;
        }
        ticker = threads.newThread(this::tickUntilStopped);
        ticker.setName("warden-housekeeping");
        ticker.setDaemon(true);
        ticker.start();
    }

    private void tickUntilStopped() {
        while (!stopped) {
            long waitNanos = runDue();
            try {
                Thread.sleep(Math.max(10, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs every job that is due, one after the other; answers how long until the next is due (at most a tick). */
    long runDue() {
        long next = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
        for (Job job : jobs) {
            if (stopped) {
                break;
            }
            long left = job.due().get() - now.getAsLong();
            if (left <= 0) {
                try {
                    run(job.name(), job.work());
                } finally {
                    job.due().set(now.getAsLong() + job.periodNanos());
                }
                left = job.periodNanos();
            }
            next = Math.min(next, left);
        }
        return next;
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
        stopped = true;
        Thread running;
        synchronized (this) {
            running = ticker;
        }
        if (running != null) {
            running.interrupt();
        }
    }
}
