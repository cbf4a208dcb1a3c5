package dev.warden.apikeys.control;

import dev.warden.platform.control.SecretTokens;
import dev.warden.platform.db.ClusterCache;
import dev.warden.platform.db.Reads;
import dev.warden.users.entity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a presented API key into the user it acts for. A key that is not well-formed
 * for the configured prefix, or whose checksum does not match, is refused before any
 * database read. Otherwise one indexed query checks everything at once: the key exists
 * and has not expired, and its owner exists, is active and is not locked. Its answer is
 * kept in the cluster-coherent view ({@link ClusterCache}) that every change to it
 * invalidates on every instance before answering: the key's deletion, its owner's
 * deactivation, deletion or role change (they end the owner's sessions), and the
 * failed login that locks the owner. Expiry is checked on every use.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    /** The user a per-user key acts as. */
    public record Owner(UUID userId, UUID keyId, Role role) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    ApiKeyFormat format;

    @Inject
    ApiKeyUsage usage;

    @Inject
    Clock clock;

    @Inject
    ClusterCache cache;

    @Inject
    Reads reads;

    private static final String VIEW = "api-keys";

    /** What the lookup found for a key: its owner, and what is checked again on every use. */
    record Found(Owner owner, Instant expiresAt, Instant lastUsed) {
    }

    /** A key found in memory is answered without any interceptor ({@link Reads}). */
    public Optional<Owner> authenticate(String presented) {
        Optional<String> key = format.parse(presented);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return cache.get(VIEW, SecretTokens.sha256(key.get()), hash -> reads.supports(() -> load(hash)))
                .filter(found -> found.expiresAt() == null || found.expiresAt().isAfter(now))
                .map(found -> {
                    usage.used(found.owner().keyId(), found.lastUsed(), now);
                    return found.owner();
                });
    }

    private Optional<Found> load(String hash) {
        Instant now = clock.instant();
        return em.createQuery("""
                        select k.id, k.userId, u.role, k.lastUsed, k.expiresAt from ApiKey k, User u
                        where k.hash = :hash and u.id = k.userId and u.active = true
                          and (k.expiresAt is null or k.expiresAt > :now)
                          and not exists (select f.loginKey from LoginFailure f
                                          where f.loginKey = u.usernameKey and f.lockedUntil > :now)""", Object[].class)
                .setParameter("hash", hash).setParameter("now", now)
                .getResultStream().findFirst()
                .map(r -> new Found(new Owner((UUID) r[1], (UUID) r[0], (Role) r[2]), (Instant) r[4], (Instant) r[3]));
    }
}
