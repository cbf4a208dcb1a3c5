package dev.warden.users.control;

import dev.warden.auth.control.LoginAttempts;
import dev.warden.passwords.entity.PasswordHistory;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

/**
 * Stores a new user (with its first password-history entry) in one short transaction,
 * after the slow hashing is done. A name that failed logins before it existed starts
 * with a clean count.
 */
@ApplicationScoped
public class UserWriter {

    @PersistenceContext
    EntityManager em;

    @Inject
    LoginAttempts attempts;

    @Transactional
    public User insert(User user) {
        Long taken = em.createNamedQuery(User.BY_USERNAME_OR_EMAIL, User.class)
                .setParameter("username", user.usernameKey()).setParameter("email", user.emailKey())
                .getResultStream().count();
        if (taken > 0) {
            throw WardenException.conflict("A user with this username or email already exists");
        }
        em.persist(user);
        em.persist(new PasswordHistory(user.id(), user.passwordHash(), user.createdAt()));
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw WardenException.conflict("A user with this username or email already exists");
        }
        attempts.clear(user.usernameKey());
        return user;
    }
}
