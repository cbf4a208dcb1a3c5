package dev.warden.ratelimit.control;

import dev.warden.platform.db.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;

/** Deletes rate windows older than three minutes, once a minute (harmless on every instance). */
@ApplicationScoped
public class RateWindowCleanup {

    @Inject
    RateWindows windows;

    @Inject
    Housekeeping housekeeping;

    @Inject
    Clock clock;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        housekeeping.every(Duration.ofMinutes(1), "rate-window cleanup", () -> windows.purge(clock.instant()));
    }
}
