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
import java.util.logging.Logger;

/**
 * Deletes events older than warden.audit.retention, once per warden.audit.purge-interval
 * for the whole cluster ({@link Housekeeping#oncePerPeriod}). The purge deletes in batches
 * of {@value AuditPurge#BATCH} rows, each batch its own short transaction, so the table is
 * never locked for long and writers never wait.
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

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        housekeeping.oncePerPeriod(interval, AuditPurge.JOB, this::run);
    }

    void run() {
        Instant cutoff = clock.instant().minus(retention);
        if (Housekeeping.inBatches(AuditPurge.BATCH, () -> purge.deleteBatch(cutoff)) > 0) {
            LOG.info(() -> "Audit retention: deleted events older than " + cutoff);
        }
    }
}
