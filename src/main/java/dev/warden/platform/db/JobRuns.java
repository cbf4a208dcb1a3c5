package dev.warden.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;

/** The turns of the cluster-wide jobs, one row of job_runs each (its migration inserts it). */
@ApplicationScoped
public class JobRuns {

    @PersistenceContext
    EntityManager em;

    /**
     * Takes this period's run of {@code job} for this instance: one conditional UPDATE, so
     * true for exactly one instance per period however many ask at once.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean claim(String job, Instant now, Duration period) {
        return em.createNativeQuery("UPDATE job_runs SET last_run_at = ?1 WHERE name = ?2 AND last_run_at <= ?3")
                .setParameter(1, now).setParameter(2, job).setParameter(3, now.minus(period))
                .executeUpdate() == 1;
    }
}
