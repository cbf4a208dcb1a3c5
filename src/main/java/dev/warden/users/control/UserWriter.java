package dev.warden.users.control;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.control.Audited;
import dev.warden.audit.control.Audit;
import dev.warden.lockout.control.LoginAttempts;
import dev.warden.passwords.entity.PasswordHistory;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.warden.passwords.control.PasswordHistories;
import dev.warden.platform.db.UniqueViolation;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Stores a new user (with its first password-history entry), or a user's new password,
 * each in one short transaction after the slow hashing is done. A name that failed logins before it existed starts
 * with a clean count.
 */
@ApplicationScoped
public class UserWriter {

    @Inject
    UserDirectory directory;

    @PersistenceContext
    EntityManager em;

    @Inject
    LoginAttempts attempts;

    @Inject
    PasswordHistories histories;

    @Inject
    Event<UserAccessRevoked> accessRevoked;

    @Inject
    Event<CredentialsChanged> credentialsChanged;

    @Inject
    Clock clock;

    @Inject
    Audit audit;

    /** Stores the user and records {@code recordAs} (user_created, users_imported) about it, in one transaction. */
    @Transactional
    public User insert(User user, Audited recordAs) {
        Long taken = em.createNamedQuery(User.BY_USERNAME_OR_EMAIL, User.class)
                .setParameter("username", user.usernameKey()).setParameter("email", user.emailKey())
                .getResultStream().count();
        if (taken > 0) {
            throw WardenException.conflict("A user with this username or email already exists");
        }
        // The event first: if the insert then fails (a concurrent create of the same name hits the
        // unique constraint at flush), the event written before it rolls back with it.
        audit.record(recordAs.target(user.id()).with("username", user.username()).with("role", user.role().value()));
        em.persist(user);
        em.persist(new PasswordHistory(user.id(), user.passwordHash(), user.createdAt()));
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, User.UNIQUE_USERNAME, User.UNIQUE_EMAIL)) {
                throw WardenException.conflict("A user with this username or email already exists");
            }
            throw e;
        }
        attempts.clear(user.usernameKey());
        return user;
    }

    /**
     * Sets the new hash if the stored one is still the one whose password was confirmed
     * (the user row is locked, so of two concurrent changes the second is refused), adds
     * it to the history, and ends every session but {@code keepSession}, all in one
     * transaction.
     */
    @Transactional
    public void replacePassword(UUID userId, String confirmedHash, String newHash, UUID keepSession, int history) {
        replacePassword(userId, confirmedHash, newHash, keepSession, history, Audited.success(EventType.PASSWORD_CHANGED));
    }

    /** The same, recorded as {@code recordAs} (a reset is password_reset). */
    @Transactional
    public void replacePassword(UUID userId, String confirmedHash, String newHash, UUID keepSession, int history,
                                Audited recordAs) {
        User user = em.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw WardenException.notFound("User");
        }
        if (!user.passwordHash().equals(confirmedHash)) {
            throw WardenException.conflict("The password was changed meanwhile; sign in again and retry");
        }
        Instant now = clock.instant();
        user.changePassword(newHash);
        user.touch(now);
        histories.record(userId, newHash, now, history);
        accessRevoked.fire(new UserAccessRevoked(userId, UserAccessRevoked.Reason.PASSWORD_CHANGED, keepSession));
        credentialsChanged.fire(new CredentialsChanged(userId, CredentialsChanged.Kind.PASSWORD));
        audit.record(recordAs.target(userId));
        directory.changed(userId);
    }
}
