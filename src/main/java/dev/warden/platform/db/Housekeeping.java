package dev.warden.platform.db;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final List<ScheduledFuture<?>> jobs = new CopyOnWriteArrayList<>();

    /** Runs {@code job} every {@code period} (at least 100 ms), the first time one period from now. */
    public void every(Duration period, String name, Runnable job) {
        long millis = Math.max(100, period.toMillis());
        jobs.add(scheduler.scheduleWithFixedDelay(() -> run(name, job), millis, millis, TimeUnit.MILLISECONDS));
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
