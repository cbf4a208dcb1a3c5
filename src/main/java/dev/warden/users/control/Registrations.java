package dev.warden.users.control;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.mail.control.Mail;
import dev.warden.mail.control.Mailer;
import dev.warden.mail.control.PublicLinks;
import dev.warden.platform.control.SecretTokens;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.entity.EmailVerification;
import dev.warden.users.entity.RegistrationMail;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The transactions of self-registration ({@link RegistrationFlow} drives them). A new
 * account is a viewer with an unverified address and a verification mail (token valid
 * 24 h). An address that already has an account gets a notice mail instead, and the caller
 * an answer of the same shape for an account that was never stored, so registering tells
 * nobody which addresses have accounts. One address gets at most {@value #MAILS_PER_HOUR}
 * registration mails an hour.
 */
@ApplicationScoped
@Transactional
public class Registrations {

    static final int MAILS_PER_HOUR = 3;
    static final Duration VERIFICATION_TTL = Duration.ofHours(24);

    @PersistenceContext
    EntityManager em;

    @Inject
    UserWriter writer;

    @Inject
    Users users;

    @Inject
    Mailer mailer;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    PublicLinks links;

    @Inject
    PasswordResetTokens resets;

    /**
     * Stores the new user (its password already checked and hashed) with its verification
     * token, or, if the address has an account, sends that account a notice. Answers the
     * user to show: the stored one, or one never stored.
     */
    public User register(String username, String email, String hash) {
        Instant now = clock.instant();
        User candidate = new User(username, email, hash, Role.VIEWER, false, now);
        // the owner's row locked: concurrent registrations with one taken address queue up, so
        // the mail limit's count and the new row commit together
        Optional<User> owner = em.createQuery("select u from User u where u.emailKey = :key", User.class)
                .setParameter("key", candidate.emailKey()).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
        if (owner.isPresent()) {
            if (mayMail(candidate.emailKey(), now)) {
                mailer.send(new Mail("account-exists", owner.get().email(), Map.of("product", "Warden",
                        "username", owner.get().username(), "link", links.to("forgot-password", null)), "account-exists"));
            }
            audit.record(Audited.failure(EventType.USER_REGISTERED).target(owner.get().id())
                    .with("reason", "email_taken"));
            return candidate;
        }
        User user = writer.insert(candidate, Audited.success(EventType.USER_REGISTERED).actor(candidate.id()));
        sendVerification(user, now);
        return user;
    }

    /** A verification link to the user's address, within the address's hourly mail limit. */
    private void sendVerification(User user, Instant now) {
        if (mayMail(user.emailKey(), now)) {
            String token = SecretTokens.random();
            em.persist(new EmailVerification(user.id(), SecretTokens.sha256(token), now, now.plus(VERIFICATION_TTL)));
            mailer.send(new Mail("verify-email", user.email(), Map.of("product", "Warden", "username", user.username(),
                    "link", links.to("verify-email", token), "expires_hours", String.valueOf(VERIFICATION_TTL.toHours())),
                    "verify-email"));
        }
    }

    /**
     * The user's address was changed (an admin's PATCH), in the caller's transaction: every
     * unused link mailed to the old address stops working, password resets and
     * verifications alike (until 2026-12-05 a reset link to a mailbox an admin had just
     * replaced, perhaps because it was taken over, still reset the password, and an old
     * verification link verified the new address). A user who has not verified yet gets a
     * new verification link at the new address, so that the new address is the one proven.
     * The old address is told, with the new one masked (the old mailbox may be the one that
     * was lost). Answers how many links were retired.
     */
    public int addressChanged(User user, String oldAddress, Instant now) {
        int retired = em.createQuery("update EmailVerification v set v.usedAt = :now "
                        + "where v.userId = :user and v.usedAt is null")
                .setParameter("now", now).setParameter("user", user.id()).executeUpdate();
        retired += resets.retireUnused(user.id(), now);
        if (!user.emailVerified()) {
            sendVerification(user, now);
        }
        mailer.send(new Mail("address-changed", oldAddress, Map.of("product", "Warden", "username", user.username(),
                "new_address", Mailer.masked(user.email())), "address-changed"));
        return retired;
    }

    /** Uses a verification token up (one conditional UPDATE) and marks the address verified. */
    public Optional<User> verify(String token) {
        Instant now = clock.instant();
        Optional<EmailVerification> found = em.createQuery(
                        "select v from EmailVerification v where v.tokenHash = :hash", EmailVerification.class)
                .setParameter("hash", SecretTokens.sha256(token)).getResultStream().findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        int used = em.createQuery("""
                        update EmailVerification v set v.usedAt = :now
                        where v.tokenHash = :hash and v.usedAt is null and v.expiresAt > :now""")
                .setParameter("now", now).setParameter("hash", SecretTokens.sha256(token)).executeUpdate();
        if (used != 1) {
            return Optional.empty();
        }
        User user = users.find(found.get().userId()).orElseThrow(() -> WardenException.notFound("User"));
        users.emailVerified(user.id(), now);
        audit.record(Audited.success(EventType.EMAIL_VERIFIED).actor(user.id()).target(user.id()));
        em.refresh(user);
        return Optional.of(user);
    }

    private boolean mayMail(String emailKey, Instant now) {
        Instant hourAgo = now.minus(Duration.ofHours(1));
        // mails the limit no longer counts: an address never keeps more than an hour's rows
        em.createQuery("delete from RegistrationMail m where m.emailKey = :key and m.sentAt <= :since")
                .setParameter("key", emailKey).setParameter("since", hourAgo).executeUpdate();
        long recent = em.createQuery("select count(m) from RegistrationMail m where m.emailKey = :key and m.sentAt > :since",
                        Long.class).setParameter("key", emailKey).setParameter("since", hourAgo)
                .getSingleResult();
        if (recent >= MAILS_PER_HOUR) {
            return false;
        }
        em.persist(new RegistrationMail(emailKey, now));
        return true;
    }

}
