package dev.warden.audit.control;

import dev.warden.platform.db.Database;
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

    private final boolean postgres = Database.postgres();

    /**
     * Deletes up to {@value #BATCH} of the oldest events before the cutoff: on PostgreSQL
     * through the owner's function (META-INF/db/postgresql/V13_2), which also keeps every
     * event younger than the retention recorded at start, since the user of the requests may
     * not delete events itself; on H2 directly.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteBatch(Instant cutoff) {
        if (postgres) {
            return ((Number) em.createNativeQuery("SELECT warden_purge_audit_events(?1, ?2)")
                    .setParameter(1, cutoff).setParameter(2, BATCH).getSingleResult()).intValue();
        }
        return em.createNativeQuery("DELETE FROM audit_events WHERE id IN "
                        + "(SELECT id FROM audit_events WHERE created_at < ?1 ORDER BY created_at LIMIT " + BATCH + ")")
                .setParameter(1, cutoff).executeUpdate();
    }
}
