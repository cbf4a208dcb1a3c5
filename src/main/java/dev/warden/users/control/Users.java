package dev.warden.users.control;

import dev.warden.platform.problem.WardenException;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Finds users; {@code find} returns Optional, {@code get} throws not_found. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Users {

    @Inject
    UserDirectory directory;

    @PersistenceContext
    EntityManager em;

    public Optional<User> find(UUID id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    public User get(UUID id) {
        return find(id).orElseThrow(() -> WardenException.notFound("User"));
    }

    /** By username or email, ignoring case. */
    public Optional<User> findByLogin(String login) {
        String key = User.key(login);
        if (key.isEmpty() || key.length() > 254) {
            return Optional.empty();
        }
        return em.createNamedQuery(User.BY_LOGIN, User.class).setParameter("key", key)
                .getResultStream().findFirst();
    }

    /**
     * Asked at start-up only. Like {@link #activeAdmins}, in a transaction of its own: see there.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean activeAdminExists() {
        return em.createNamedQuery(User.COUNT_ACTIVE_ADMINS, Long.class)
                .setParameter("role", Role.ADMIN).getSingleResult() > 0;
    }

    /**
     * Some of the active admins (for start-up checks that must stay cheap). In a transaction
     * of its own, not with Payara's per-invocation EntityManager: start-up reads this right
     * after creating the bootstrap admin, whose alert runs as a managed task, and Payara gives
     * that task a shallow copy of the start-up thread's invocation, registry included; when
     * the task ends, Payara closes the non-transactional EntityManagers of that shared
     * registry, once mid-read of this very query ("This ResultSet is closed", a failed deploy).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public java.util.List<User> activeAdmins(int max) {
        return em.createQuery("select u from User u where u.role = :role and u.active = true order by u.createdAt",
                User.class).setParameter("role", Role.ADMIN).setMaxResults(max).getResultList();
    }

    /**
     * The time of a successful login, and the stored hash upgraded to the configured cost
     * if it was older: only if it is still the hash that was verified, so a password
     * changed meanwhile is never overwritten by a rehash of the old one.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void recordLogin(UUID id, Instant now, String verifiedHash, String upgradedHash) {
        if (upgradedHash != null) {
            em.createQuery("update User u set u.passwordHash = :hash where u.id = :id and u.passwordHash = :verified")
                    .setParameter("hash", upgradedHash).setParameter("id", id).setParameter("verified", verifiedHash)
                    .executeUpdate();
        }
        if (now != null) { // null: the login is not complete yet (a second factor follows)
            em.createQuery("update User u set u.lastLogin = :now where u.id = :id")
                    .setParameter("now", now).setParameter("id", id).executeUpdate();
            directory.changed(id);
        }
    }

    /**
     * Records whether the user has a second factor (totp_enabled in every User answer), in
     * the caller's transaction, which ends with {@link UserDirectory#changed} (it ends
     * sessions first, and the cache's epoch lock must be its last lock).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void secondFactor(UUID id, boolean on, Instant now) {
        em.createQuery("update User u set u.totpEnabled = :on, u.updatedAt = :now, u.version = u.version + 1 where u.id = :id")
                .setParameter("on", on).setParameter("now", now).setParameter("id", id).executeUpdate();
    }

    /** Marks the user's address verified, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void emailVerified(UUID id, Instant now) {
        em.createQuery("update User u set u.emailVerified = true, u.updatedAt = :now, u.version = u.version + 1 where u.id = :id")
                .setParameter("now", now).setParameter("id", id).executeUpdate();
        directory.changed(id);
    }
}
