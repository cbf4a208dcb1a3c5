package dev.warden.sessions.control;

import dev.warden.platform.db.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Every refresh adds a token row and every login a session row; without this they would
 * grow for ever. Once per warden.session.purge-interval for the whole cluster, deletes the
 * refresh tokens that expired more than warden.session.retention ago, and the sessions
 * that ended (logged out, revoked, expired) more than that ago, with whatever tokens they
 * still had. Neither can be used any more; the audit trail keeps the history of logins,
 * logouts and revocations for its own, longer retention.
 */
@ApplicationScoped
public class SessionRetention {

    private static final Logger LOG = Logger.getLogger(SessionRetention.class.getName());

    @Inject
    SessionPurge purge;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.session.retention", defaultValue = "P7D")
    Duration retention;

    @Inject
    @ConfigProperty(name = "warden.session.purge-interval", defaultValue = "PT1H")
    Duration interval;

    @Inject
    Housekeeping housekeeping;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        housekeeping.oncePerPeriod(interval, SessionPurge.JOB, this::run);
    }

    void run() {
        Instant cutoff = clock.instant().minus(retention);
        long tokens = Housekeeping.inBatches(SessionPurge.TOKEN_BATCH, () -> purge.deleteTokens(cutoff));
        long sessions = Housekeeping.inBatches(SessionPurge.SESSION_BATCH, () -> purge.deleteSessions(cutoff));
        if (tokens + sessions > 0) {
            LOG.info(() -> String.format(Locale.ROOT,
                    "Session retention: deleted %d refresh tokens and %d sessions that ended before %s",
                    tokens, sessions, cutoff));
        }
    }
}
