package dev.warden.apikeys.control;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.control.Audited;
import dev.warden.audit.control.Audit;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.apikeys.entity.ApiKey;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.control.SecretTokens;
import dev.warden.platform.db.ClusterCache;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.CredentialsChanged;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Creates, lists and deletes a user's API keys. The per-user limit and the unique names
 * hold under concurrent creation: the owner's row is locked while the keys are counted
 * and the name is looked up, so those checks are final (the unique constraint is only
 * the last line of defence).
 */
@ApplicationScoped
public class ApiKeyService {

    public record Created(ApiKey key, String secret) {
    }

    public record Listing(List<ApiKey> keys, long total) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    ClusterCache cache;

    @Inject
    ApiKeyFormat format;

    @Inject
    Clock clock;

    @Inject
    Audit audit;

    @Inject
    Event<CredentialsChanged> credentialsChanged;

    @Inject
    @ConfigProperty(name = "warden.api-keys.max-per-user", defaultValue = "10")
    int maxPerUser;

    @Transactional
    public Created create(UUID userId, String name, Integer expiresDays) {
        User owner = em.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (owner == null) {
            throw WardenException.notFound("User");
        }
        long existing = em.createNamedQuery(ApiKey.COUNT_OF_USER, Long.class).setParameter("user", userId)
                .getSingleResult();
        if (existing >= maxPerUser) {
            throw ErrorCode.API_KEY_LIMIT_REACHED.exception(
                    "A user may have at most " + maxPerUser + " API keys; delete one first")
                    .with("max_per_user", maxPerUser);
        }
        String trimmed = name.strip();
        if (em.createQuery("select count(k) from ApiKey k where k.userId = :user and k.nameKey = :name", Long.class)
                .setParameter("user", userId).setParameter("name", ApiKey.nameKey(trimmed)).getSingleResult() > 0) {
            throw WardenException.conflict("You already have an API key with this name");
        }
        Instant now = clock.instant();
        String secret = format.generate();
        ApiKey key = new ApiKey(userId, trimmed, ApiKeyFormat.shownPrefix(secret), SecretTokens.sha256(secret), now,
                expiresDays == null ? null : now.plus(Duration.ofDays(expiresDays)));
        em.persist(key);
        audit.record(Audited.success(EventType.API_KEY_CREATED).target(userId).with("key_id", key.id())
                .with("key_name", trimmed).with("expires_at", key.expiresAt()));
        credentialsChanged.fire(new CredentialsChanged(userId, CredentialsChanged.Kind.API_KEY_CREATED, trimmed));
        return new Created(key, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(UUID userId, PageRequest page) {
        List<ApiKey> keys = em.createNamedQuery(ApiKey.OF_USER, ApiKey.class).setParameter("user", userId)
                .setFirstResult(page.offset()).setMaxResults(page.size()).getResultList();
        long total = em.createNamedQuery(ApiKey.COUNT_OF_USER, Long.class).setParameter("user", userId)
                .getSingleResult();
        return new Listing(keys, total);
    }

    /** Deletes a key of this user; another user's key is "not found", like a missing one. */
    @Transactional
    public void delete(UUID userId, UUID keyId) {
        int deleted = em.createQuery("delete from ApiKey k where k.id = :id and k.userId = :user")
                .setParameter("id", keyId).setParameter("user", userId).executeUpdate();
        if (deleted == 0) {
            throw WardenException.notFound("API key");
        }
        cache.invalidate(); // no instance may still answer the key from memory once this answers
        audit.record(Audited.success(EventType.API_KEY_DELETED).target(userId).with("key_id", keyId));
    }

    /** Records a use, unless another writer recorded one since {@code threshold}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void touch(UUID keyId, Instant now, Instant threshold) {
        em.createQuery("""
                        update ApiKey k set k.lastUsed = :now
                        where k.id = :id and (k.lastUsed is null or k.lastUsed < :threshold)""")
                .setParameter("now", now).setParameter("id", keyId).setParameter("threshold", threshold)
                .executeUpdate();
    }
}
