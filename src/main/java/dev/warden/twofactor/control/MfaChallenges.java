package dev.warden.twofactor.control;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.lockout.control.LoginAttempts;
import dev.warden.platform.control.SecretTokens;
import dev.warden.twofactor.entity.MfaChallenge;
import dev.warden.users.control.Users;
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
 * The second step of a login. The first step (a right password for a user with 2FA)
 * opens a challenge: a random mfa_token (256 bits, kept as its SHA-256) valid
 * {@code warden.mfa.token-ttl}. The second step presents it with a code or a backup code,
 * under a row lock on the challenge: at most {@code warden.mfa.max-attempts} wrong codes,
 * then it is dead; one success uses it up. Wrong codes also count as failed logins of the
 * account (the lockout), and a locked account is refused before any code is looked at,
 * so guessing codes is no way around the lockout.
 */
@ApplicationScoped
@Transactional
public class MfaChallenges {

    @PersistenceContext
    EntityManager em;

    @Inject
    SecondFactors factors;

    @Inject
    LoginAttempts attempts;

    @Inject
    Users users;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.mfa.token-ttl", defaultValue = "PT5M")
    Duration ttl;

    @Inject
    @ConfigProperty(name = "warden.mfa.max-attempts", defaultValue = "5")
    int maxAttempts;

    public record Opened(String token, long expiresIn) {
    }

    /** What a second step came to. */
    public sealed interface Attempt {
        /** The code was right: open the session for this user and the password version of the first step. */
        record Passed(UUID userId, int passwordVersion, String method) implements Attempt {
        }

        /** A wrong code (400 invalid_code); the challenge may take more. */
        record WrongCode() implements Attempt {
        }

        /** Unknown, expired, used or out of attempts (401 mfa_token_invalid). */
        record InvalidToken() implements Attempt {
        }

        /** The account is locked (403 account_locked). */
        record Locked(Instant until) implements Attempt {
        }
    }

    /** Opens a challenge after the right password of a user with 2FA; clears the user's expired ones. */
    public Opened open(UUID userId, int passwordVersion) {
        Instant now = clock.instant();
        em.createQuery("delete from MfaChallenge c where c.userId = :user and c.expiresAt < :now")
                .setParameter("user", userId).setParameter("now", now).executeUpdate();
        String token = SecretTokens.random();
        em.persist(new MfaChallenge(SecretTokens.sha256(token), userId, passwordVersion, now, now.plus(ttl)));
        return new Opened(token, ttl.toSeconds());
    }

    /**
     * The second step, with exactly one of code and backupCode (the boundary checked their
     * shape). Commits whatever it came to: the used challenge, the counted failure, the
     * audit record.
     */
    public Attempt attempt(String token, String code, String backupCode) {
        Instant now = clock.instant();
        Optional<MfaChallenge> found = token == null || token.isBlank() || token.length() > 200 ? Optional.empty()
                : em.createNamedQuery(MfaChallenge.BY_TOKEN, MfaChallenge.class)
                .setParameter("hash", SecretTokens.sha256(token)).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
        if (found.isEmpty() || !found.get().open(now, maxAttempts)) {
            return new Attempt.InvalidToken();
        }
        MfaChallenge challenge = found.get();
        User user = users.find(challenge.userId()).orElse(null);
        if (user == null) {
            return new Attempt.InvalidToken();
        }
        String method = code != null ? "totp" : "backup_code";
        Optional<Instant> locked = attempts.lockedUntil(user.usernameKey());
        if (locked.isPresent()) {
            challenge.used(now);
            refused(user.id(), method, "account_locked");
            return new Attempt.Locked(locked.get());
        }
        if (factors.verify(user.id(), code, backupCode)) {
            challenge.used(now);
            Optional<Instant> lockedMeanwhile = attempts.recordSuccess(user.usernameKey());
            if (lockedMeanwhile.isPresent()) {
                refused(user.id(), method, "account_locked");
                return new Attempt.Locked(lockedMeanwhile.get());
            }
            return new Attempt.Passed(user.id(), challenge.passwordVersion(), method);
        }
        challenge.failed();
        LoginAttempts.Failure failure = attempts.recordFailure(user.usernameKey(), user.id());
        refused(user.id(), method, "invalid_code");
        if (failure.outcome() == LoginAttempts.Outcome.ALREADY_LOCKED) {
            challenge.used(now);
            return new Attempt.Locked(failure.lockedUntil());
        }
        return new Attempt.WrongCode();
    }

    /** Deletes every expired challenge (MfaChallengeCleanup). */
    public int purgeExpired() {
        return em.createQuery("delete from MfaChallenge c where c.expiresAt < :now")
                .setParameter("now", clock.instant()).executeUpdate();
    }

    private void refused(UUID userId, String method, String reason) {
        audit.record(Audited.failure(EventType.LOGIN_MFA).actor(userId).target(userId)
                .with("method", method).with("reason", reason));
    }
}
