package dev.warden.sessions.control;

import dev.warden.platform.db.ClusterCache;
import dev.warden.platform.db.Reads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What a bearer request asks of the sessions on every call: whether the token's session
 * may still act. Answered from the cluster-coherent view of active sessions
 * ({@link ClusterCache}): every revocation (logout, logout-all, password or role change,
 * deactivation, deletion, refresh-token reuse, 2FA reset; {@link SessionService}) drops it
 * on every instance before it answers.
 */
@ApplicationScoped
public class ActiveSessions {

    private static final String VIEW = "active-sessions";

    /**
     * What a bearer request needs to know of an active session; {@code expiresAt} and
     * {@code loggedInAt} (when the session was opened by a login: refreshes keep it) in
     * epoch milliseconds.
     */
    record ActiveSession(UUID userId, long expiresAt, long loggedInAt) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ClusterCache cache;

    @Inject
    Reads reads;

    /** Whether an access token naming this session and user may still act (a hit: no interceptor, see {@link Reads}). */
    public boolean isActive(UUID sessionId, UUID userId) {
        return loggedInAt(sessionId, userId).isPresent();
    }

    /**
     * When the login that opened this session happened (epoch milliseconds), if an access
     * token naming this session and user may still act; empty otherwise.
     */
    public OptionalLong loggedInAt(UUID sessionId, UUID userId) {
        return cache.get(VIEW, sessionId, id -> reads.supports(() -> load(id)))
                .filter(s -> s.userId().equals(userId) && clock.millis() < s.expiresAt())
                .map(s -> OptionalLong.of(s.loggedInAt())).orElse(OptionalLong.empty());
    }

    private Optional<ActiveSession> load(UUID sessionId) {
        return em.createQuery("""
                        select s.userId, s.expiresAt, s.createdAt from Session s, User u
                        where s.id = :sid and u.id = s.userId and s.revokedAt is null and s.expiresAt > :now
                          and u.active = true""", Object[].class)
                .setParameter("sid", sessionId).setParameter("now", clock.instant())
                .getResultStream().findFirst()
                .map(row -> new ActiveSession((UUID) row[0], ((Instant) row[1]).toEpochMilli(),
                        ((Instant) row[2]).toEpochMilli()));
    }
}
