package dev.warden.audit.control;

import dev.warden.platform.db.Database;
import dev.warden.platform.db.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Deletes events older than warden.audit.retention, once per warden.audit.purge-interval
 * for the whole cluster ({@link Housekeeping#oncePerPeriod}). The purge deletes in batches
 * of {@value AuditPurge#BATCH} rows, each batch its own short transaction, so the table is
 * never locked for long and writers never wait. On PostgreSQL the batches go through the
 * owner's function of V13_2 ({@link AuditPurge}), bounded by the retention that start-up
 * records as the tables' owner ({@link #record}).
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

    /**
     * Records warden.audit.retention where the purge function reads it, as the tables' owner
     * (the migrations' user): the user of the requests may not change it, so it cannot purge
     * anything younger. PostgreSQL only (on H2 the purge deletes as the one user there is).
     * In a cluster the instance that started last sets it.
     */
    public void record(DataSource owner) {
        if (!Database.postgres()) {
            return;
        }
        try (Connection c = owner.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_retention (id, retention, recorded_at) VALUES (1, make_interval(secs => ?), now()) "
                        + "ON CONFLICT (id) DO UPDATE SET retention = EXCLUDED.retention, recorded_at = EXCLUDED.recorded_at")) {
            s.setLong(1, retention.toSeconds());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record warden.audit.retention for the retention purge", e);
        }
    }

    void run() {
        Instant cutoff = clock.instant().minus(retention);
        if (Housekeeping.inBatches(AuditPurge.BATCH, () -> purge.deleteBatch(cutoff)) > 0) {
            LOG.info(() -> "Audit retention: deleted events older than " + cutoff);
        }
    }
}
