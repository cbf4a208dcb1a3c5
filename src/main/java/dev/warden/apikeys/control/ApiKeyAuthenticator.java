package dev.warden.apikeys.control;

import dev.warden.platform.control.SecretTokens;
import dev.warden.users.entity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a presented API key into the user it acts for. A key that is not well-formed
 * for the configured prefix, or whose checksum does not match, is refused before any
 * database read. Otherwise one indexed query checks everything at once: the key exists
 * and has not expired, and its owner exists, is active and is not locked. That query
 * runs on every request, so deactivation, lockout and deletion take effect at once.
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

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Owner> authenticate(String presented) {
        Optional<String> key = format.parse(presented);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Object[]> row = em.createQuery("""
                        select k.id, k.userId, u.role, k.lastUsed from ApiKey k, User u
                        where k.hash = :hash and u.id = k.userId and u.active = true
                          and (k.expiresAt is null or k.expiresAt > :now)
                          and not exists (select f.loginKey from LoginFailure f
                                          where f.loginKey = u.usernameKey and f.lockedUntil > :now)""", Object[].class)
                .setParameter("hash", SecretTokens.sha256(key.get())).setParameter("now", now)
                .getResultStream().findFirst();
        return row.map(r -> {
            Owner owner = new Owner((UUID) r[1], (UUID) r[0], (Role) r[2]);
            usage.used(owner.keyId(), (Instant) r[3], now);
            return owner;
        });
    }
}
