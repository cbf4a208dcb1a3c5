package dev.warden.audit.control;

import dev.warden.platform.db.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes events older than warden.audit.retention. Every instance wakes up each
 * warden.audit.purge-interval, but only the one that claims the period in job_runs
 * purges ({@link AuditPurge#claim}), so the cluster purges once per period. The purge
 * deletes in batches of {@value AuditPurge#BATCH} rows, each batch its own short
 * transaction, so the table is never locked for long and writers never wait.
 */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

    @Inject
    AuditPurge purge;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.audit.retention", defaultValue = "P90D")
    Duration retention;

    @Inject
    @ConfigProperty(name = "warden.audit.purge-interval", defaultValue = "PT1H")
    Duration interval;

    @Inject
    Housekeeping housekeeping;

    private volatile boolean failing;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        housekeeping.every(interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval,
                "audit retention", this::run);
    }

    void run() {
        try {
            Instant now = clock.instant();
            // A little less than the interval: the instance whose turn it is must not miss it by a clock tick.
            if (!purge.claim(now, interval.minusMillis(interval.toMillis() / 10))) {
                return;
            }
            Instant cutoff = now.minus(retention);
            long deleted = 0;
            int batch;
            do {
                batch = purge.deleteBatch(cutoff);
                deleted += batch;
            } while (batch == AuditPurge.BATCH);
            if (deleted > 0) {
                LOG.info(() -> "Audit retention: deleted events older than " + cutoff);
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.log(Level.WARNING, "Audit retention purge failed; retrying next period: {0}", e.toString());
            }
            failing = true;
        }
    }
}
