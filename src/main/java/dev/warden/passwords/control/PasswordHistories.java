package dev.warden.passwords.control;

import dev.warden.passwords.entity.PasswordHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The hashes of a user's recent passwords, newest first, for the policy's "not one of
 * the last few" rule. Written in the caller's transaction, together with the change of
 * the password itself.
 */
@ApplicationScoped
public class PasswordHistories {

    @PersistenceContext
    EntityManager em;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> recentHashes(UUID userId, int count) {
        if (count <= 0) {
            return List.of();
        }
        return em.createNamedQuery(PasswordHistory.OF_USER, PasswordHistory.class).setParameter("user", userId)
                .setMaxResults(count).getResultStream().map(PasswordHistory::passwordHash).toList();
    }

    /** Adds the new hash and drops the entries beyond the {@code keep} newest. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID userId, String hash, Instant at, int keep) {
        em.persist(new PasswordHistory(userId, hash, at));
        em.flush();
        List<UUID> stale = em.createNamedQuery(PasswordHistory.IDS_OF_USER, UUID.class).setParameter("user", userId)
                .setFirstResult(Math.max(keep, 1)).getResultList();
        if (!stale.isEmpty()) {
            em.createQuery("delete from PasswordHistory h where h.id in :ids").setParameter("ids", stale).executeUpdate();
        }
    }
}
