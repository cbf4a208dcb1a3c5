package dev.warden.sessions.control;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.control.Audited;
import dev.warden.audit.control.Audit;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.control.RequestInfo;
import dev.warden.platform.control.SecretTokens;
import dev.warden.platform.db.ClusterCache;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;
import dev.warden.sessions.entity.RefreshToken;
import dev.warden.sessions.entity.Session;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Opens, lists and ends sessions; their rotation is {@link RefreshRotation}'s. */
@ApplicationScoped
public class SessionService {

    /** A new session, with the user as read under the lock while it opened (what the token must carry). */
    public record Opened(Session session, String refreshToken, long refreshExpiresIn, String username, Role role) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    ClusterCache cache;

    @Inject
    Event<SessionEnded> sessionEnded;

    @Inject
    @ConfigProperty(name = "warden.jwt.refresh-token-ttl", defaultValue = "P7D")
    Duration refreshTokenTtl;

    @Inject
    @ConfigProperty(name = "warden.session.max-lifetime", defaultValue = "P30D")
    Duration maxLifetime;

    /**
     * Opens a session for a user whose password of version {@code passwordVersion} was
     * verified. The user row is read under a shared lock in this transaction: a role
     * change, deactivation or password change either committed before (its result is read
     * here: the new role, or a refusal) or waits until this session exists and then ends
     * it with the others. So a login racing such a change cannot leave a token with the
     * old role or for the old password.
     */
    @Transactional
    public Opened open(UUID userId, int passwordVersion, RequestInfo client) {
        User user = em.find(User.class, userId, LockModeType.PESSIMISTIC_READ);
        if (user == null || user.passwordVersion() != passwordVersion) {
            throw ErrorCode.INVALID_CREDENTIALS.exception();
        }
        if (!user.active()) {
            throw ErrorCode.ACCOUNT_DISABLED.exception();
        }
        Instant now = clock.instant();
        Session session = new Session(userId, now, now.plus(maxLifetime), client.ipAddress(), client.userAgent());
        em.persist(session);
        String token = SecretTokens.random();
        RefreshToken refresh = new RefreshToken(session.id(), SecretTokens.sha256(token), now,
                refreshExpiry(session.expiresAt(), now, refreshTokenTtl));
        em.persist(refresh);
        return new Opened(session, token, Duration.between(now, refresh.expiresAt()).toSeconds(), user.username(),
                user.role());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Session> sessionOfRefreshToken(String presented) {
        if (presented.length() > 200) {
            return Optional.empty();
        }
        return em.createNamedQuery(RefreshToken.BY_HASH, RefreshToken.class)
                .setParameter("hash", SecretTokens.sha256(presented)).getResultStream().findFirst()
                .map(t -> em.find(Session.class, t.sessionId()));
    }

    /** Ends one session: its refresh tokens die and its access tokens are refused. */
    @Transactional
    public int revoke(UUID sessionId, String reason) {
        Instant now = clock.instant();
        int ended = em.createQuery("""
                        update Session s set s.revokedAt = :now, s.revokeReason = :reason
                        where s.id = :sid and s.revokedAt is null""")
                .setParameter("now", now).setParameter("reason", reason).setParameter("sid", sessionId).executeUpdate();
        em.createQuery("update RefreshToken t set t.revokedAt = :now where t.sessionId = :sid and t.revokedAt is null")
                .setParameter("now", now).setParameter("sid", sessionId).executeUpdate();
        if (ended > 0) {
            cache.invalidate();
            em.createQuery("select s.userId from Session s where s.id = :sid", UUID.class).setParameter("sid", sessionId)
                    .getResultStream().findFirst()
                    .ifPresent(userId -> {
                        sessionEnded.fire(new SessionEnded(userId, sessionId, reason, ended));
                        audited(reason).ifPresent(type -> audit.record(Audited.success(type).target(userId)
                                .with("session_id", sessionId)));
                    });
        }
        return ended;
    }

    public record Listing(java.util.List<Session> sessions, long total) {
    }

    /** The user's sessions that can still be used, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing active(UUID userId, PageRequest page) {
        Instant now = clock.instant();
        var sessions = em.createNamedQuery(Session.ACTIVE_OF_USER, Session.class)
                .setParameter("uid", userId).setParameter("now", now)
                .setFirstResult(page.offset()).setMaxResults(page.size()).getResultList();
        long total = em.createNamedQuery(Session.COUNT_ACTIVE_OF_USER, Long.class)
                .setParameter("uid", userId).setParameter("now", now).getSingleResult();
        return new Listing(sessions, total);
    }

    /** Ends one of this user's active sessions; any other id, or an ended session, is not found. */
    @Transactional
    public void revokeOwn(UUID userId, UUID sessionId, String reason) {
        Session session = em.find(Session.class, sessionId);
        if (session == null || !session.userId().equals(userId) || !session.activeAt(clock.instant())) {
            throw WardenException.notFound("Session");
        }
        revoke(sessionId, reason);
    }

    /** Ends every session of a user but one (a password change keeps the caller's own). */
    @Transactional
    public int revokeAllExcept(UUID userId, UUID keep, String reason) {
        Instant now = clock.instant();
        int ended = em.createQuery("""
                        update Session s set s.revokedAt = :now, s.revokeReason = :reason
                        where s.userId = :uid and s.revokedAt is null and s.id <> :keep""")
                .setParameter("now", now).setParameter("reason", reason).setParameter("uid", userId)
                .setParameter("keep", keep).executeUpdate();
        em.createQuery("""
                        update RefreshToken t set t.revokedAt = :now
                        where t.revokedAt is null and t.sessionId in
                              (select s.id from Session s where s.userId = :uid and s.id <> :keep)""")
                .setParameter("now", now).setParameter("uid", userId).setParameter("keep", keep).executeUpdate();
        return ended(userId, reason, ended);
    }

    /** Ends every session of a user (logout-all, role change, deactivation). */
    @Transactional
    public int revokeAll(UUID userId, String reason) {
        Instant now = clock.instant();
        int ended = em.createQuery("""
                        update Session s set s.revokedAt = :now, s.revokeReason = :reason
                        where s.userId = :uid and s.revokedAt is null""")
                .setParameter("now", now).setParameter("reason", reason).setParameter("uid", userId).executeUpdate();
        em.createQuery("""
                        update RefreshToken t set t.revokedAt = :now
                        where t.revokedAt is null and t.sessionId in (select s.id from Session s where s.userId = :uid)""")
                .setParameter("now", now).setParameter("uid", userId).executeUpdate();
        return ended(userId, reason, ended);
    }

    private int ended(UUID userId, String reason, int count) {
        // Always: the user may be deactivated or deleted by this change, which ends what the view holds.
        cache.invalidate();
        if (count > 0) {
            sessionEnded.fire(new SessionEnded(userId, null, reason, count));
        }
        // Asked for by someone (not a consequence of another change, which that change's event records):
        // audited even when no session was open.
        audited(reason).ifPresent(type -> audit.record(Audited.success(type).target(userId)
                .with("sessions_ended", count)));
        return count;
    }

    /**
     * The event of an ending someone asked for. Endings that follow from another change
     * (password, role, deactivation, deletion, refresh-token reuse) are part of that change's event.
     */
    private static Optional<EventType> audited(String reason) {
        return switch (reason) {
            case "logout" -> Optional.of(EventType.LOGOUT);
            case "logout_all" -> Optional.of(EventType.LOGOUT_ALL);
            case "revoked_by_user", "revoked_by_admin" -> Optional.of(EventType.SESSION_REVOKED);
            default -> Optional.empty();
        };
    }

    /** A refresh token's end: its lifetime from now, or the session's end if sooner (as {@link RefreshToken#ROTATE} has it). */
    static Instant refreshExpiry(Instant sessionEnds, Instant now, Duration lifetime) {
        Instant byTtl = now.plus(lifetime);
        return byTtl.isAfter(sessionEnds) ? sessionEnds : byTtl;
    }
}
