package dev.warden.ratelimit.control;

import dev.warden.platform.db.DatabaseStatus;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Deletes rate windows older than three minutes, once a minute (harmless on every instance). */
@ApplicationScoped
public class RateWindowCleanup {

    @Inject
    RateWindows windows;

    @Inject
    DatabaseStatus database;

    @Inject
    Clock clock;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(jakarta.enterprise.context.ApplicationScoped.class) Object event) {
        task = scheduler.scheduleWithFixedDelay(this::run, 1, 1, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void run() {
        if (!database.isStarted() || database.inOutage()) {
            return;
        }
        try {
            windows.purge(clock.instant());
        } catch (RuntimeException e) {
            // the next minute tries again; a failure here limits nothing
        }
    }
}
