package dev.warden.sessions.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** The transactions of the session retention purge (SessionRetention); {@link #JOB} names its row of job_runs. */
@ApplicationScoped
public class SessionPurge {

    static final String JOB = "session-retention";
    static final int TOKEN_BATCH = 1000;
    /** Sessions per transaction: each takes its refresh tokens that are not yet past the cutoff along. */
    static final int SESSION_BATCH = 100;

    @PersistenceContext
    EntityManager em;

    /**
     * Deletes up to {@value #TOKEN_BATCH} refresh tokens that expired before the cutoff: no
     * request accepts them any more, and until the cutoff a used one presented again is
     * still told apart as reuse (and ends its session, if that still lives).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteTokens(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM refresh_tokens WHERE id IN (SELECT id FROM refresh_tokens "
                        + "WHERE expires_at < ?1 LIMIT " + TOKEN_BATCH + ")")
                .setParameter(1, cutoff).executeUpdate();
    }

    /** Deletes up to {@value #SESSION_BATCH} sessions that ended (revoked or expired) before the cutoff, with their tokens. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteSessions(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions "
                        + "WHERE expires_at < ?1 OR revoked_at < ?1 LIMIT " + SESSION_BATCH + ")")
                .setParameter(1, cutoff).executeUpdate();
    }
}
