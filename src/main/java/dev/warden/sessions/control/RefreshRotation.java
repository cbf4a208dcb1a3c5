package dev.warden.sessions.control;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.control.RequestInfo;
import dev.warden.platform.control.SecretTokens;
import dev.warden.platform.db.Database;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.sessions.entity.RefreshToken;
import dev.warden.sessions.entity.Session;
import dev.warden.users.control.UserDirectory;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
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
 * A refresh token's rotation. It consumes the presented token with one conditional
 * UPDATE (on PostgreSQL within the one statement that is the whole rotation): of several
 * concurrent refreshes with one token exactly one consumes it, and every other one finds
 * it already used, which is reuse: the whole session is revoked (including the token the
 * winner just got).
 */
@ApplicationScoped
public class RefreshRotation {

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
    UserDirectory directory;

    @Inject
    SessionService sessions;

    /** Whether a rotation can be one statement (PostgreSQL); the database does not change while running. */
    private final boolean postgres = Database.postgres();

    @Inject
    @ConfigProperty(name = "warden.jwt.refresh-token-ttl", defaultValue = "P7D")
    Duration refreshTokenTtl;

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
                Duration.between(now, SessionService.refreshExpiry(found.sessionExpiresAt(), now, refreshTokenTtl)).toSeconds());
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
                SessionService.refreshExpiry(session.expiresAt(), now, refreshTokenTtl));
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
                sessions.revoke(sessionId, "refresh_token_reused");
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
}
