package dev.warden.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** The transactions of the retention purge (AuditRetention); {@link #JOB} names its row of job_runs. */
@ApplicationScoped
public class AuditPurge {

    static final int BATCH = 1000;
    static final String JOB = "audit-retention";

    @PersistenceContext
    EntityManager em;

    /** Deletes up to {@value #BATCH} of the oldest events before the cutoff. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteBatch(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM audit_events WHERE id IN "
                        + "(SELECT id FROM audit_events WHERE created_at < ?1 ORDER BY created_at LIMIT " + BATCH + ")")
                .setParameter(1, cutoff).executeUpdate();
    }
}
