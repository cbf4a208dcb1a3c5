package dev.warden.users.control;

import dev.warden.platform.db.Database;
import dev.warden.platform.db.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * On PostgreSQL, samples the users for {@link SearchSample} soon after the start and then
 * every {@code warden.users.search-statistics-interval}; each instance for itself (what it
 * learns only steers its own searches). It looks every few seconds, so that a sample that
 * failed (the database away) is taken again soon, not an interval later.
 */
@ApplicationScoped
public class SearchStatistics {

    private static final Duration CHECK = Duration.ofSeconds(5);

    @Inject
    SearchSample sample;

    @Inject
    Housekeeping housekeeping;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.users.search-statistics-interval", defaultValue = "PT1H")
    Duration interval;

    private volatile Instant sampledAt = Instant.MIN;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (Database.postgres()) {
            housekeeping.every(CHECK, "search statistics", () -> {
                Instant now = clock.instant();
                if (!now.isBefore(sampledAt.plus(interval))) {
                    sample.sample();
                    sampledAt = now;
                }
            });
        }
    }
}
