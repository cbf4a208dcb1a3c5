package dev.warden.twofactor.control;

import dev.warden.platform.db.DatabaseStatus;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Deletes expired mfa challenges every ten minutes (harmless on every instance). */
@ApplicationScoped
public class MfaChallengeCleanup {

    @Inject
    MfaChallenges challenges;

    @Inject
    DatabaseStatus database;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        task = scheduler.scheduleWithFixedDelay(this::run, 10, 10, TimeUnit.MINUTES);
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
            challenges.purgeExpired();
        } catch (RuntimeException e) {
            // the next run tries again; an expired challenge opens nothing meanwhile
        }
    }
}
