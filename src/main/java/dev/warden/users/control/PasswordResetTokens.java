package dev.warden.users.control;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.lockout.control.LoginAttempts;
import dev.warden.mail.control.Mail;
import dev.warden.mail.control.Mailer;
import dev.warden.mail.control.PublicLinks;
import dev.warden.platform.control.SecretTokens;
import dev.warden.users.entity.PasswordReset;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The transactions of a password reset ({@link PasswordResetFlow} drives them): the
 * request that stores a token and asks for the mail, the look-up of a valid token, and
 * the reset that uses it up with one conditional UPDATE in the same transaction as the new
 * password, so a token changes one password once.
 */
@ApplicationScoped
@Transactional
public class PasswordResetTokens {

    /** Mails one address gets per hour at most; further requests are answered alike and send nothing. */
    static final int MAILS_PER_HOUR = 3;

    @PersistenceContext
    EntityManager em;

    @Inject
    Users users;

    @Inject
    UserWriter writer;

    @Inject
    LoginAttempts attempts;

    @Inject
    Mailer mailer;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.reset.token-ttl", defaultValue = "PT15M")
    Duration ttl;

    @Inject
    PublicLinks links;

    /** The user a valid token belongs to, with the hash its password had when the token was read. */
    public record Pending(UUID userId, String username, String email, String passwordHash) {
    }

    /**
     * A reset asked for this address: for an active account, unless it had
     * {@value #MAILS_PER_HOUR} mails in the last hour, a new token (earlier ones stop
     * working) and its mail after commit. Audited either way; the caller answers alike.
     */
    public void request(String email) {
        Instant now = clock.instant();
        String key = User.key(email);
        // The user row locked: concurrent requests for one user queue up, so the mail limit's
        // count and the new row commit together (counted apart, parallel requests all passed)
        Optional<User> user = em.createQuery("select u from User u where u.emailKey = :key", User.class)
                .setParameter("key", key).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst();
        if (user.isEmpty() || !user.get().active()) {
            audit.record(Audited.failure(EventType.PASSWORD_RESET_REQUESTED).target(user.map(User::id).orElse(null))
                    .with("reason", user.isEmpty() ? "unknown_email" : "account_disabled"));
            return;
        }
        User owner = user.get();
        Instant hourAgo = now.minus(Duration.ofHours(1));
        // what the mail limit no longer counts and no link can use any more: so the user's
        // rows never outgrow an hour of requests and one live token
        em.createQuery("""
                        delete from PasswordReset r where r.userId = :user and r.createdAt <= :since
                          and (r.usedAt is not null or r.expiresAt <= :now)""")
                .setParameter("user", owner.id()).setParameter("since", hourAgo).setParameter("now", now).executeUpdate();
        long recent = em.createQuery("select count(r) from PasswordReset r where r.userId = :user and r.createdAt > :since",
                        Long.class).setParameter("user", owner.id()).setParameter("since", hourAgo)
                .getSingleResult();
        if (recent >= MAILS_PER_HOUR) {
            audit.record(Audited.failure(EventType.PASSWORD_RESET_REQUESTED).target(owner.id())
                    .with("reason", "mail_limit").with("mails_last_hour", recent));
            return;
        }
        retireUnused(owner.id(), now);
        String token = SecretTokens.random();
        em.persist(new PasswordReset(owner.id(), SecretTokens.sha256(token), now, now.plus(ttl)));
        mailer.send(new Mail("password-reset", owner.email(), Map.of(
                "product", "Warden",
                "username", owner.username(),
                "link", links.to("reset-password", token),
                "expires_minutes", String.valueOf(Math.max(1, ttl.toMinutes()))), "password-reset"));
        audit.record(Audited.success(EventType.PASSWORD_RESET_REQUESTED).target(owner.id())
                .with("expires_at", now.plus(ttl)));
    }


    /** Ends every unused reset link of the user (a newer request, or a new address); answers how many. */
    public int retireUnused(UUID userId, Instant now) {
        return em.createQuery("update PasswordReset r set r.usedAt = :now where r.userId = :user and r.usedAt is null")
                .setParameter("now", now).setParameter("user", userId).executeUpdate();
    }

    /** The account of a token that is neither used nor expired. */
    public Optional<Pending> pending(String token) {
        return em.createQuery("select r from PasswordReset r where r.tokenHash = :hash", PasswordReset.class)
                .setParameter("hash", SecretTokens.sha256(token)).getResultStream().findFirst()
                .filter(r -> r.usedAt() == null && r.expiresAt().isAfter(clock.instant()))
                .flatMap(r -> users.find(r.userId()))
                .map(u -> new Pending(u.id(), u.username(), u.email(), u.passwordHash()));
    }

    /**
     * Uses the token up and sets the new password (ending every session), clears the
     * lockout, in one transaction; false if the token was used or expired meanwhile.
     */
    public boolean reset(String token, Pending pending, String newHash, int history) {
        // the user row first, as a request takes it (then its tokens): a reset and a request of
        // one user queue up instead of deadlocking
        em.find(User.class, pending.userId(), LockModeType.PESSIMISTIC_WRITE);
        int used = em.createQuery("""
                        update PasswordReset r set r.usedAt = :now
                        where r.tokenHash = :hash and r.usedAt is null and r.expiresAt > :now""")
                .setParameter("now", clock.instant()).setParameter("hash", SecretTokens.sha256(token)).executeUpdate();
        if (used != 1) {
            return false;
        }
        // the lockout's row before the password: replacing it ends with the cache's epoch lock,
        // which a failure that locks takes after that row; the other order could deadlock
        attempts.clear(User.key(pending.username()));
        writer.replacePassword(pending.userId(), pending.passwordHash(), newHash, null, history,
                Audited.success(EventType.PASSWORD_RESET));
        return true;
    }
}
