package dev.warden.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;

/** The transactions of the retention purge (AuditRetention). */
@ApplicationScoped
public class AuditPurge {

    static final int BATCH = 1000;
    static final String JOB = "audit-retention";

    @PersistenceContext
    EntityManager em;

    /** Takes this period's purge for this instance: true for exactly one instance per period. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean claim(Instant now, Duration period) {
        return em.createNativeQuery("UPDATE job_runs SET last_run_at = ?1 WHERE name = ?2 AND last_run_at <= ?3")
                .setParameter(1, now).setParameter(2, JOB).setParameter(3, now.minus(period))
                .executeUpdate() == 1;
    }

    /** Deletes up to {@value #BATCH} of the oldest events before the cutoff. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteBatch(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM audit_events WHERE id IN "
                        + "(SELECT id FROM audit_events WHERE created_at < ?1 ORDER BY created_at LIMIT " + BATCH + ")")
                .setParameter(1, cutoff).executeUpdate();
    }
}
