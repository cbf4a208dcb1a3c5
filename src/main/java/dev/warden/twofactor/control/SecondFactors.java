package dev.warden.twofactor.control;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.lockout.control.LoginAttempts;
import dev.warden.lockout.control.PasswordCheck;
import dev.warden.platform.control.SecretBox;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;
import dev.warden.sessions.control.SessionService;
import dev.warden.twofactor.entity.BackupCode;
import dev.warden.twofactor.entity.TotpCredential;
import dev.warden.users.control.CredentialsChanged;
import dev.warden.users.control.UserDirectory;
import dev.warden.users.control.Users;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.apache.commons.codec.binary.Base32;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A user's second factor. Every change is one transaction with its audit event; a code is
 * consumed by one conditional UPDATE of the last used time step (a replayed code, also on
 * another instance or in a concurrent request, finds the step already taken), a backup
 * code by one conditional UPDATE of its used time.
 */
@ApplicationScoped
@Transactional
public class SecondFactors {

    static final String PURPOSE = "totp-secret";
    private static final int SECRET_BYTES = 20; // 160 bits, RFC 4226's recommendation
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    SecretBox box;

    @Inject
    Users users;

    @Inject
    UserDirectory directory;

    @Inject
    SessionService sessions;

    @Inject
    Audit audit;

    @Inject
    Event<CredentialsChanged> credentialsChanged;

    @Inject
    LoginAttempts attempts;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.mfa.issuer", defaultValue = "Warden")
    String issuer;

    /** What turning 2FA off checks first: the password (and the name its failures count under). */
    public record Account(String passwordHash, String lockKey, boolean enabled) {
    }

    public Account account(UUID userId) {
        User user = users.get(userId);
        return new Account(user.passwordHash(), user.usernameKey(), enabled(userId));
    }

    /** Whether the user has 2FA on (a confirmed secret). */
    public boolean enabled(UUID userId) {
        TotpCredential credential = em.find(TotpCredential.class, userId);
        return credential != null && credential.enabled();
    }

    /** A new pending secret (replacing one not yet confirmed); 409 while 2FA is on. */
    public Enrolment setup(UUID userId) {
        User user = users.get(userId);
        TotpCredential existing = em.find(TotpCredential.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (existing != null && existing.enabled()) {
            throw WardenException.conflict("Two-factor authentication is already on; turn it off first");
        }
        if (existing != null) {
            em.remove(existing);
            em.flush();
        }
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        em.persist(new TotpCredential(userId, box.seal(secret, PURPOSE), clock.instant()));
        return Enrolment.of(issuer, user.username(), new Base32().encodeAsString(secret).replace("=", ""));
    }

    /**
     * Confirms the pending secret with a code of it: 2FA is on, the user's other sessions
     * end, and the 10 backup codes are answered (the only time they are shown).
     */
    public List<String> enable(UUID userId, UUID keepSession, String code) {
        refuseIfLocked(userId);
        TotpCredential credential = em.find(TotpCredential.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (credential == null) {
            throw WardenException.conflict("Set up two-factor authentication first (POST /api/v1/users/me/2fa/setup)");
        }
        if (credential.enabled()) {
            throw WardenException.conflict("Two-factor authentication is already on");
        }
        confirm(userId, consume(credential, code, false));
        // consume wrote the code's step in a statement of its own; the credential read before
        // still holds the old step, and its flush would write that back (the step forgotten,
        // the code usable again): read it again before changing it
        em.refresh(credential);
        Instant now = clock.instant();
        credential.enable(now);
        users.secondFactor(userId, true, now);
        List<String> codes = replaceBackupCodes(userId, now);
        int ended = endOtherSessions(userId, keepSession, "twofa_enabled");
        audit.record(Audited.success(EventType.TWOFA_ENABLED).actor(userId).target(userId)
                .with("sessions_ended", ended));
        credentialsChanged.fire(new CredentialsChanged(userId, CredentialsChanged.Kind.TWO_FACTOR_ON));
        directory.changed(userId);
        return codes;
    }

    /** The caller confirmed their password already (TwoFactor); this checks the code and turns 2FA off. */
    void disable(UUID userId, UUID keepSession, String code, String backupCode) {
        TotpCredential credential = em.find(TotpCredential.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (credential == null || !credential.enabled()) {
            throw WardenException.conflict("Two-factor authentication is not on");
        }
        confirm(userId, code != null ? consume(credential, code, true) : consumeBackupCode(userId, backupCode));
        Instant now = clock.instant();
        remove(userId, credential, now);
        int ended = endOtherSessions(userId, keepSession, "twofa_disabled");
        audit.record(Audited.success(EventType.TWOFA_DISABLED).actor(userId).target(userId)
                .with("confirmed_with", code != null ? "totp" : "backup_code").with("sessions_ended", ended));
        credentialsChanged.fire(new CredentialsChanged(userId, CredentialsChanged.Kind.TWO_FACTOR_OFF));
        directory.changed(userId);
    }

    /** An admin turns 2FA off for a user who lost the device: every session of theirs ends. */
    public void resetByAdmin(UUID userId) {
        users.get(userId);
        TotpCredential credential = em.find(TotpCredential.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (credential == null || !credential.enabled()) {
            throw WardenException.conflict("Two-factor authentication is not on for this user");
        }
        remove(userId, credential, clock.instant());
        int ended = sessions.revokeAll(userId, "twofa_reset");
        audit.record(Audited.success(EventType.TWOFA_RESET_BY_ADMIN).target(userId).with("sessions_ended", ended));
        credentialsChanged.fire(new CredentialsChanged(userId, CredentialsChanged.Kind.TWO_FACTOR_RESET_BY_ADMIN));
        directory.changed(userId);
    }

    /** Unused backup codes of the user (0 without 2FA). */
    public long remainingBackupCodes(UUID userId) {
        return em.createQuery("select count(b) from BackupCode b where b.userId = :user and b.usedAt is null", Long.class)
                .setParameter("user", userId).getSingleResult();
    }

    /** A new set of backup codes for a valid code; the old set stops working. */
    public List<String> regenerateBackupCodes(UUID userId, String code) {
        refuseIfLocked(userId);
        TotpCredential credential = em.find(TotpCredential.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (credential == null || !credential.enabled()) {
            throw WardenException.conflict("Two-factor authentication is not on");
        }
        confirm(userId, consume(credential, code, true));
        List<String> codes = replaceBackupCodes(userId, clock.instant());
        audit.record(Audited.success(EventType.BACKUP_CODES_REGENERATED).actor(userId).target(userId));
        credentialsChanged.fire(new CredentialsChanged(userId, CredentialsChanged.Kind.BACKUP_CODES_REGENERATED));
        return codes;
    }

    /**
     * The MFA login step's check, in the caller's transaction: a TOTP code of the user's
     * confirmed secret, or one of their backup codes. Consumes what it accepts.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean verify(UUID userId, String code, String backupCode) {
        if (code != null) {
            TotpCredential credential = em.find(TotpCredential.class, userId);
            return credential != null && credential.enabled() && consume(credential, code, true);
        }
        return enabled(userId) && consumeBackupCode(userId, backupCode);
    }

    /**
     * Accepts a code once: finds which step it belongs to (now, or one step either way), then
     * raises the last used step to it only if it is still lower, in one statement.
     */
    private boolean consume(TotpCredential credential, String code, boolean enabled) {
        byte[] secret = box.open(credential.sealedSecret(), PURPOSE);
        OptionalLong step = Totp.matchingStep(secret, code, clock.instant());
        if (step.isEmpty()) {
            return false;
        }
        return em.createQuery("""
                        update TotpCredential c set c.lastUsedStep = :step
                        where c.userId = :user and c.enabled = :enabled and c.lastUsedStep < :step""")
                .setParameter("step", step.getAsLong()).setParameter("user", credential.userId())
                .setParameter("enabled", enabled).executeUpdate() == 1;
    }

    private boolean consumeBackupCode(UUID userId, String typed) {
        Optional<String> code = BackupCodeFormat.normalize(typed);
        if (code.isEmpty()) {
            return false;
        }
        return em.createQuery("""
                        update BackupCode b set b.usedAt = :now
                        where b.userId = :user and b.codeHash in (:hashes) and b.usedAt is null""")
                .setParameter("now", clock.instant()).setParameter("user", userId)
                .setParameter("hashes", BackupCodeFormat.hashes(box, userId, code.get())).executeUpdate() == 1;
    }

    private List<String> replaceBackupCodes(UUID userId, Instant now) {
        em.createQuery("delete from BackupCode b where b.userId = :user").setParameter("user", userId).executeUpdate();
        List<String> codes = BackupCodeFormat.generate();
        for (String code : codes) {
            em.persist(new BackupCode(userId, BackupCodeFormat.hash(box, userId, code), now));
        }
        return codes;
    }

    private void remove(UUID userId, TotpCredential credential, Instant now) {
        em.remove(credential);
        em.createQuery("delete from BackupCode b where b.userId = :user").setParameter("user", userId).executeUpdate();
        users.secondFactor(userId, false, now);
    }

    private int endOtherSessions(UUID userId, UUID keepSession, String reason) {
        return keepSession == null ? sessions.revokeAll(userId, reason)
                : sessions.revokeAllExcept(userId, keepSession, reason);
    }

    private void refuseIfLocked(UUID userId) {
        attempts.lockedUntil(users.get(userId).usernameKey()).ifPresent(until -> {
            throw PasswordCheck.locked(until);
        });
    }

    /**
     * A wrong code at a self-service change counts as a failed login of the account (in a
     * transaction of its own, as this one rolls back), so a stolen session cannot guess
     * codes without end; a locked account is refused before its code is looked at.
     */
    private void confirm(UUID userId, boolean right) {
        if (right) {
            return;
        }
        LoginAttempts.Failure failure = attempts.recordFailureAlone(users.get(userId).usernameKey(), userId);
        if (failure.outcome() == LoginAttempts.Outcome.ALREADY_LOCKED) {
            throw PasswordCheck.locked(failure.lockedUntil());
        }
        throw invalidCode();
    }

    static WardenException invalidCode() {
        return ErrorCode.INVALID_CODE.exception("The code is wrong, expired or already used");
    }
}
