package dev.warden.twofactor.control;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.control.SecretBox;
import dev.warden.twofactor.entity.TotpCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** One transaction of {@link TotpSecretsResealer}: the next users (by id) whose secret a previous key sealed. */
@ApplicationScoped
@Transactional
public class TotpResealBatch {

    static final int SIZE = 500;
    /** Below every user id (ids are random UUIDs, never all zeros). */
    private static final UUID FIRST = new UUID(0, 0);

    @PersistenceContext
    EntityManager em;

    @Inject
    SecretBox box;

    @Inject
    Audit audit;

    /** How many were sealed again, and the last user id looked at (null when none was left). */
    record Done(int resealed, UUID last) {
    }

    Done next(UUID after) {
        List<Object[]> rows = em.createQuery("""
                        select c.userId, c.secret from TotpCredential c
                        where c.secret not like :current and c.userId > :after
                        order by c.userId""", Object[].class)
                .setParameter("current", "v2." + box.keyId() + ".%").setParameter("after", after == null ? FIRST : after)
                .setMaxResults(SIZE).getResultList();
        int resealed = 0;
        Set<String> from = new TreeSet<>();
        for (Object[] row : rows) {
            String old = (String) row[1];
            // only if it is still the value read: a concurrent enrolment elsewhere keeps its new secret
            resealed += em.createQuery("""
                            update TotpCredential c set c.secret = :resealed
                            where c.userId = :user and c.secret = :old""")
                    .setParameter("resealed", box.reseal(old, SecondFactors.PURPOSE))
                    .setParameter("user", row[0]).setParameter("old", old).executeUpdate();
            from.add(SecretBox.sealedBy(old));
        }
        if (resealed > 0) {
            audit.record(Audited.success(EventType.SECRETS_RESEALED).with("sealed", "two_factor")
                    .with("count", resealed).with("encryption_key_id", box.keyId())
                    .with("from_encryption_key_ids", List.copyOf(from)));
        }
        return new Done(resealed, rows.isEmpty() ? null : (UUID) rows.get(rows.size() - 1)[0]);
    }
}
