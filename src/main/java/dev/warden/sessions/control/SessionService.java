package dev.warden.sessions.control;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.control.Audited;
import dev.warden.audit.control.Audit;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.control.RequestInfo;
import dev.warden.platform.control.SecretTokens;
import dev.warden.platform.db.ClusterCache;
import dev.warden.platform.db.Database;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;
import dev.warden.sessions.entity.RefreshToken;
import dev.warden.sessions.entity.Session;
import dev.warden.users.control.UserDirectory;
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

/**
 * Opens, rotates and ends sessions. Rotation consumes the presented token with one
 * conditional UPDATE: of several concurrent refreshes with one token exactly one
 * consumes it, and every other one finds it already used, which is reuse: the whole
 * session is revoked (including the token the winner just got).
 */
@ApplicationScoped
public class SessionService {

    /** A new session, with the user as read under the lock while it opened (what the token must carry). */
    public record Opened(Session session, String refreshToken, long refreshExpiresIn, String username, Role role) {
    }

    public sealed interface Rotation {
        /** @param refreshExpiresIn seconds: the configured lifetime exactly, unless the session ends sooner */
        record Rotated(UUID sessionId, Instant sessionExpiresAt, User user, String refreshToken, long refreshExpiresIn)
                implements Rotation {
        }

        record Reused(UUID sessionId, UUID userId) implements Rotation {
        }

        record Invalid() implements Rotation {
        }
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
    UserDirectory directory;

    @Inject
    Event<SessionEnded> sessionEnded;

    /** Whether a rotation can be one statement (PostgreSQL); the database does not change while running. */
    private final boolean postgres = Database.postgres();

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
                refreshExpiry(session.expiresAt(), now));
        em.persist(refresh);
        return new Opened(session, token, Duration.between(now, refresh.expiresAt()).toSeconds(), user.username(),
                user.role());
    }

    @Transactional
    public Rotation rotate(String presented, RequestInfo client) {
        if (presented == null || presented.isBlank() || presented.length() > 200) {
            return new Rotation.Invalid();
        }
        Instant now = clock.instant();
        String hash = SecretTokens.sha256(presented);
        return postgres ? rotateInOneStatement(hash, now, client) : rotateInSteps(hash, now, client);
    }

    /** PostgreSQL: {@link RefreshToken#ROTATE}, the same decisions in one round trip. */
    private Rotation rotateInOneStatement(String hash, Instant now, RequestInfo client) {
        String next = SecretTokens.random();
        RefreshToken.Rotation found = em.createNamedQuery(RefreshToken.ROTATE, RefreshToken.Rotation.class)
                .setParameter(1, now).setParameter(2, hash)
                .setParameter(3, client.ipAddress()).setParameter(4, client.userAgent())
                .setParameter(5, UUID.randomUUID()).setParameter(6, SecretTokens.sha256(next))
                .setParameter(7, now.plus(refreshTokenTtl))
                .getResultStream().findFirst().orElse(null);
        if (found == null) {
            return new Rotation.Invalid();
        }
        if (!found.rotated()) {
            boolean live = !found.revoked() && found.sessionExpiresAt().isAfter(now);
            // Not consumed: reuse, or a token that was never valid. A live session's token the
            // statement did not consume is not consumable; a token of an ended session is spent
            // here as in steps, so presenting it again is reuse.
            return live || consume(hash, now) == 0
                    ? notConsumed(hash, found.sessionId(), found.userId(), found.revoked()) : new Rotation.Invalid();
        }
        User user = liveUser(found.userId());
        if (user == null) {
            // Cannot be while a deactivation or deletion ends the user's sessions with it: undo
            // the rotation rather than issue a token for the user.
            throw ErrorCode.REFRESH_TOKEN_INVALID.exception();
        }
        return rotated(found.sessionId(), found.sessionExpiresAt(), found.userId(), user, next,
                Duration.between(now, refreshExpiry(found.sessionExpiresAt(), now)).toSeconds());
    }

    /** H2 (no data-modifying WITH): the session locked, then the token consumed, then the successor written. */
    private Rotation rotateInSteps(String hash, Instant now, RequestInfo client) {
        // The session row first (found and locked in one statement), then its tokens, as every
        // revocation does: concurrent rotations and revocations of one session queue up
        // instead of deadlocking.
        Session session = em.createQuery("""
                        select s from Session s
                        where s.id = (select t.sessionId from RefreshToken t where t.tokenHash = :hash)""", Session.class)
                .setParameter("hash", hash).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElse(null);
        if (session == null) {
            return new Rotation.Invalid();
        }
        if (consume(hash, now) == 0) {
            return notConsumed(hash, session.id(), session.userId(), session.revokedAt() != null);
        }
        User user = liveUser(session.userId());
        if (!session.activeAt(now) || user == null) {
            return new Rotation.Invalid();
        }
        session.used(now, client.ipAddress(), client.userAgent());
        String next = SecretTokens.random();
        RefreshToken refresh = new RefreshToken(session.id(), SecretTokens.sha256(next), now,
                refreshExpiry(session.expiresAt(), now));
        em.persist(refresh);
        return rotated(session.id(), session.expiresAt(), session.userId(), user, next,
                Duration.between(now, refresh.expiresAt()).toSeconds());
    }

    /** Consumes the token if it can be: unused, unrevoked, unexpired. How many it consumed (0 or 1). */
    private int consume(String hash, Instant now) {
        return em.createNamedQuery(RefreshToken.CONSUME).setParameter(1, now).setParameter(2, hash).executeUpdate();
    }

    /**
     * The token's name and role from the user's own view, in memory and coherent across
     * instances (one query and a managed entity less); null unless the user exists and is
     * active. A role change, deactivation or deletion ends the user's sessions in its own
     * transaction, which waits for the session's row lock this rotation holds: if it
     * committed first, the session read under the lock is revoked; if not, it ends this
     * session, the new tokens included, once this commits.
     */
    private User liveUser(UUID userId) {
        User user = directory.view(userId).map(UserDirectory.Listed::user).orElse(null);
        return user != null && user.active() ? user : null;
    }

    /** A token of a known session that could not be consumed: reuse if it was used, otherwise invalid. */
    private Rotation notConsumed(String hash, UUID sessionId, UUID userId, boolean revoked) {
        Optional<RefreshToken> token = em.createNamedQuery(RefreshToken.BY_HASH, RefreshToken.class)
                .setParameter("hash", hash).getResultStream().findFirst();
        if (token.isPresent() && token.get().usedAt() != null) {
            // A retired token presented again is reuse whatever became of its session since
            // (SPEC 5.1); a session that is still live is revoked.
            if (!revoked) {
                revoke(sessionId, "refresh_token_reused");
            }
            audit.record(Audited.failure(EventType.REFRESH_TOKEN_REUSED).actor(userId).target(userId)
                    .with("session_id", sessionId));
            return new Rotation.Reused(sessionId, userId);
        }
        return new Rotation.Invalid();
    }

    private Rotation rotated(UUID sessionId, Instant sessionExpiresAt, UUID userId, User user, String next,
                             long refreshExpiresIn) {
        audit.record(Audited.success(EventType.TOKEN_REFRESHED).actor(userId).target(userId)
                .with("session_id", sessionId));
        return new Rotation.Rotated(sessionId, sessionExpiresAt, user, next, refreshExpiresIn);
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
    private Instant refreshExpiry(Instant sessionEnds, Instant now) {
        Instant byTtl = now.plus(refreshTokenTtl);
        return byTtl.isAfter(sessionEnds) ? sessionEnds : byTtl;
    }
}
