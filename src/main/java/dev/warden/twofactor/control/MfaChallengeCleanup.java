package dev.warden.twofactor.control;

import dev.warden.platform.db.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;

/** Deletes expired mfa challenges every ten minutes (harmless on every instance). */
@ApplicationScoped
public class MfaChallengeCleanup {

    @Inject
    MfaChallenges challenges;

    @Inject
    Housekeeping housekeeping;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        housekeeping.every(Duration.ofMinutes(10), "mfa-challenge cleanup", challenges::purgeExpired);
    }
}
