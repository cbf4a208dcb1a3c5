package dev.warden.system.control;

import com.nimbusds.jose.jwk.JWK;
import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.control.SecretBox;
import dev.warden.platform.db.AppLock;
import dev.warden.platform.db.ClusterCache;
import dev.warden.system.entity.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signing keys in the database, shared by every instance. Every change happens under
 * the signing-keys app lock, so concurrent start-ups and rotations on any instance are
 * serialised and exactly one key is active. {@link SigningKeys} drives these steps.
 */
@ApplicationScoped
@Transactional
public class SigningKeyStore {

    static final String PURPOSE = "signing-key";

    @PersistenceContext
    EntityManager em;

    @Inject
    ClusterCache cache;

    @Inject
    SecretBox secretBox;

    @Inject
    Audit audit;

    /** What to rotate to: the key to activate (a standby) and since when it is published. */
    record Target(String kid, Instant publishedSince, boolean storedNow) {
    }

    /** A finished rotation. */
    public record Rotated(String kid, SigningAlgorithm algorithm, Instant createdAt, Instant activatedAt) {
    }

    /** The keys to publish: every key not retired before {@code since}, newest first. */
    public List<SigningKey> published(Instant since) {
        return em.createNamedQuery(SigningKey.PUBLISHED, SigningKey.class).setParameter("since", since).getResultList();
    }

    /** The kid of the one active key. */
    public Optional<String> activeKid() {
        return em.createNamedQuery(SigningKey.ACTIVE_KID, String.class).getResultStream().findFirst();
    }

    public Optional<SigningKey> find(String kid) {
        return Optional.ofNullable(em.find(SigningKey.class, kid));
    }

    public int deleteRetiredBefore(Instant since) {
        return em.createNamedQuery(SigningKey.DELETE_EXPIRED).setParameter("since", since).executeUpdate();
    }

    /**
     * Start-up: with no key at all (the very first start) makes one active at once, as no
     * token can exist yet. Otherwise keeps a standby of the configured kind ready and says
     * whether the active key no longer fits the settings (another algorithm, a configured
     * PEM key that is not the active one, or a configured key that was taken out of the
     * settings): then that standby is the key to rotate to.
     */
    Optional<Target> prepareStart(SigningAlgorithm algorithm, Optional<JWK> configured, Instant now, Instant since) {
        AppLock.acquire(em, AppLock.SIGNING_KEYS);
        List<SigningKey> keys = published(since);
        Optional<SigningKey> active = keys.stream().filter(SigningKey::isActive).findFirst();
        if (active.isEmpty()) {
            SigningKey first = configured.map(key -> storeConfigured(key, now)).orElseGet(() -> generate(algorithm, now));
            first.activate(now);
            if (configured.isEmpty()) {
                generate(algorithm, now);
            }
            return Optional.empty();
        }
        Target target = standby(keys, algorithm, configured, now);
        SigningKey current = active.get();
        boolean fits = configured.map(key -> key.getKeyID().equals(current.kid()))
                .orElse(current.sealedPrivateKey() != null && current.algorithm().equals(algorithm.name()));
        return fits ? Optional.empty() : Optional.of(target);
    }

    /** A rotation request: the standby to promote (stored now if there is none of the kind). */
    Target prepareRotation(SigningAlgorithm algorithm, Instant now, Instant since) {
        AppLock.acquire(em, AppLock.SIGNING_KEYS);
        return standby(published(since), algorithm, Optional.empty(), now);
    }

    /**
     * Makes {@code kid} the active key and retires the active one, if {@code kid} is still
     * the standby (a concurrent rotation may have promoted it already: then nothing
     * happens and the caller prepares again). A generated key gets a new standby at once,
     * to be published long before the next rotation needs it. Audited as
     * {@code signing_key_rotated} in the same transaction.
     */
    Optional<Rotated> promote(String kid, SigningAlgorithm algorithm, boolean generated, Instant now, Instant since) {
        AppLock.acquire(em, AppLock.SIGNING_KEYS);
        SigningKey target = em.find(SigningKey.class, kid);
        if (target == null || !target.isStandby()) {
            return Optional.empty();
        }
        String previous = null;
        for (SigningKey key : published(since)) {
            if (key.isActive()) {
                key.retire(now);
                previous = key.kid();
            }
        }
        target.activate(now);
        if (generated) {
            generate(algorithm, now);
        }
        cache.invalidate(); // every instance signs with the new key once this answers
        Audited event = Audited.success(EventType.SIGNING_KEY_ROTATED)
                .with("kid", target.kid()).with("algorithm", target.algorithm());
        audit.record(previous == null ? event : event.with("previous_kid", previous));
        return Optional.of(new Rotated(target.kid(), SigningAlgorithm.of(target.algorithm()), target.createdAt(), now));
    }

    /**
     * Start-up after an encryption-key rotation: every stored private key not sealed by the
     * current {@code warden.encryption.key} is sealed again under it (the key itself is the
     * same, so nothing signs differently), under the signing-keys lock and audited as
     * {@code secrets_resealed} in the same transaction. Returns how many.
     */
    int reseal() {
        AppLock.acquire(em, AppLock.SIGNING_KEYS);
        List<SigningKey> stale = em.createQuery("select k from SigningKey k where k.privateKey is not null",
                SigningKey.class).getResultStream().filter(k -> !secretBox.sealedWithCurrentKey(k.sealedPrivateKey())).toList();
        Set<String> from = new TreeSet<>();
        for (SigningKey key : stale) {
            from.add(SecretBox.sealedBy(key.sealedPrivateKey()));
            key.resealed(secretBox.reseal(key.sealedPrivateKey(), PURPOSE));
        }
        if (!stale.isEmpty()) {
            audit.record(Audited.success(EventType.SECRETS_RESEALED).with("sealed", "signing_keys")
                    .with("count", stale.size()).with("encryption_key_id", secretBox.keyId())
                    .with("from_encryption_key_ids", List.copyOf(from)));
        }
        return stale.size();
    }

    /**
     * The standby to rotate to: the configured key (stored, public half only, if new), or
     * the generated standby of the algorithm (made if missing). Standbys of another kind
     * never signed anything and are dropped.
     */
    private Target standby(List<SigningKey> keys, SigningAlgorithm algorithm, Optional<JWK> configured, Instant now) {
        String wanted = configured.map(JWK::getKeyID).orElse(null);
        SigningKey found = null;
        for (SigningKey key : keys) {
            if (!key.isStandby()) {
                continue;
            }
            boolean fits = wanted != null ? key.kid().equals(wanted)
                    : key.sealedPrivateKey() != null && key.algorithm().equals(algorithm.name());
            if (fits && found == null) {
                found = key;
            } else {
                em.remove(key);
            }
        }
        if (found != null) {
            return new Target(found.kid(), found.createdAt(), false);
        }
        SigningKey stored = configured.map(key -> storeConfigured(key, now)).orElseGet(() -> generate(algorithm, now));
        return new Target(stored.kid(), stored.createdAt(), true);
    }

    private SigningKey generate(SigningAlgorithm algorithm, Instant now) {
        JWK key = algorithm.generate();
        String sealed = secretBox.seal(SigningAlgorithm.privatePkcs8(key), PURPOSE);
        SigningKey row = new SigningKey(key.getKeyID(), algorithm.name(), key.toPublicJWK().toJSONString(), sealed, now);
        em.persist(row);
        em.flush();
        return row;
    }

    /**
     * A configured key is stored with its public half only; a key retired earlier and
     * configured again starts over as a new standby.
     */
    private SigningKey storeConfigured(JWK key, Instant now) {
        SigningKey existing = em.find(SigningKey.class, key.getKeyID());
        if (existing != null) {
            em.remove(existing);
            em.flush();
        }
        SigningKey row = new SigningKey(key.getKeyID(), SigningAlgorithm.of(key).name(),
                key.toPublicJWK().toJSONString(), null, now);
        em.persist(row);
        em.flush();
        return row;
    }
}
