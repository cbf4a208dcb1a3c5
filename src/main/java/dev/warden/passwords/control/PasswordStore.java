package dev.warden.passwords.control;

import dev.warden.passwords.entity.PasswordHistory;
import dev.warden.platform.problem.WardenException;
import dev.warden.sessions.control.SessionService;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reads the password history and replaces a user's password with its consequences, atomically. */
@ApplicationScoped
public class PasswordStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    SessionService sessions;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> recentHashes(UUID userId, int count) {
        if (count <= 0) {
            return List.of();
        }
        return em.createNamedQuery(PasswordHistory.OF_USER, PasswordHistory.class).setParameter("user", userId)
                .setMaxResults(count).getResultStream().map(PasswordHistory::passwordHash).toList();
    }

    /**
     * Sets the new hash if the stored one is still the one whose password was confirmed
     * (the user row is locked, so of two concurrent changes the second is refused), adds
     * it to the history, drops history beyond what the policy needs, and ends every
     * session but {@code keepSession}.
     */
    @Transactional
    public void replace(UUID userId, String confirmedHash, String newHash, UUID keepSession, int history) {
        User user = em.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw WardenException.notFound("User");
        }
        if (!user.passwordHash().equals(confirmedHash)) {
            throw WardenException.conflict("The password was changed meanwhile; sign in again and retry");
        }
        Instant now = clock.instant();
        user.changePasswordHash(newHash);
        user.touch(now);
        em.persist(new PasswordHistory(userId, newHash, now));
        em.flush();
        List<UUID> stale = em.createNamedQuery(PasswordHistory.IDS_OF_USER, UUID.class).setParameter("user", userId)
                .setFirstResult(Math.max(history, 1)).getResultList();
        if (!stale.isEmpty()) {
            em.createQuery("delete from PasswordHistory h where h.id in :ids").setParameter("ids", stale).executeUpdate();
        }
        if (keepSession == null) {
            sessions.revokeAll(userId, "password_changed");
        } else {
            sessions.revokeAllExcept(userId, keepSession, "password_changed");
        }
    }
}
