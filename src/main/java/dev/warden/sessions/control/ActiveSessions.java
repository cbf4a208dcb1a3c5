package dev.warden.sessions.control;

import dev.warden.platform.db.ClusterCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What a bearer request asks of the sessions on every call: whether the token's session
 * may still act. Answered from the cluster-coherent view of active sessions
 * ({@link ClusterCache}): every revocation (logout, logout-all, password or role change,
 * deactivation, deletion, refresh-token reuse, 2FA reset; {@link SessionService}) drops it
 * on every instance before it answers. A session found in memory is answered without any
 * interceptor; the transaction rule is the loader's ({@link Loader}), which only a miss
 * calls (the interceptor was ~2 % of a bearer GET's CPU).
 */
@ApplicationScoped
public class ActiveSessions {

    private static final String VIEW = "active-sessions";

    /** What a bearer request needs to know of an active session; {@code expiresAt} in epoch milliseconds. */
    record ActiveSession(UUID userId, long expiresAt) {
    }

    @Inject
    Clock clock;

    @Inject
    ClusterCache cache;

    @Inject
    Loader loader;

    /** Whether an access token naming this session and user may still act. */
    public boolean isActive(UUID sessionId, UUID userId) {
        return cache.get(VIEW, sessionId, loader::load)
                .filter(s -> s.userId().equals(userId) && clock.millis() < s.expiresAt())
                .isPresent();
    }

    /** Reads an active session from the database. */
    @ApplicationScoped
    static class Loader {

        @PersistenceContext
        EntityManager em;

        @Inject
        Clock clock;

        @Transactional(Transactional.TxType.SUPPORTS)
        Optional<ActiveSession> load(UUID sessionId) {
            return em.createQuery("""
                            select s.userId, s.expiresAt from Session s, User u
                            where s.id = :sid and u.id = s.userId and s.revokedAt is null and s.expiresAt > :now
                              and u.active = true""", Object[].class)
                    .setParameter("sid", sessionId).setParameter("now", clock.instant())
                    .getResultStream().findFirst()
                    .map(row -> new ActiveSession((UUID) row[0], ((Instant) row[1]).toEpochMilli()));
        }
    }
}
