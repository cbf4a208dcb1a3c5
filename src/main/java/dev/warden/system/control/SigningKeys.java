package dev.warden.system.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.warden.platform.control.SecretBox;
import dev.warden.platform.db.ClusterCache;
import dev.warden.platform.db.Housekeeping;
import dev.warden.platform.problem.WardenException;
import dev.warden.system.entity.SigningKey;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The keys that sign access tokens, as every instance sees them.
 * <ul>
 * <li><b>Shared</b>: keys live in the database ({@link SigningKeyStore}). With
 * {@code warden.jwt.signing-key} (PEM) that key signs; otherwise the first start generates
 * a key of {@code warden.jwt.algorithm}, sealed with {@code warden.encryption.key}.</li>
 * <li><b>Signing</b>: each token is signed with the key the database calls active at that
 * moment, so a rotation on one instance is used by the next login on every instance.</li>
 * <li><b>Published ahead</b>: besides the active key there is always a standby key, in
 * the JWKS and in what MicroProfile JWT verifies with, but not signing. A rotation
 * promotes it. Each instance re-reads the keys every {@link #REFRESH} and Payara's
 * MicroProfile JWT re-reads them from {@link SigningKeyConfigSource} after its own
 * cache ({@code publicKey.cache.ttl} in payara-mp-jwt.properties, 1 s), so a key
 * published for {@link #PROPAGATION} is known by every instance: a rotation never
 * promotes a key published for less than that, and waits the rest if it must (only
 * when two rotations follow within seconds, or on switching the algorithm).</li>
 * <li><b>Retired</b>: the previous key stays published until every token it signed has
 * expired (the access-token lifetime plus {@link #CLOCK_MARGIN} for the clocks of other
 * instances), then leaves the JWKS and the database.</li>
 * </ul>
 */
@ApplicationScoped
public class SigningKeys {

    static final Duration REFRESH = Duration.ofSeconds(1);
    static final Duration PROPAGATION = Duration.ofSeconds(3);
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(30);
    private static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    private static final String VIEW = "signing-keys";
    private static final String ACTIVE = "active";

    @Inject
    ClusterCache cache;

    @Inject
    SigningKeyStore store;

    @Inject
    SecretBox secretBox;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.jwt.signing-key")
    Optional<String> configuredPem;

    @Inject
    @ConfigProperty(name = SigningAlgorithm.SETTING, defaultValue = "RS256")
    String algorithmSetting;

    @Inject
    @ConfigProperty(name = SigningAlgorithm.NATIVE_SETTING, defaultValue = "true")
    boolean nativeSigning;

    @Inject
    @ConfigProperty(name = "warden.jwt.access-token-ttl", defaultValue = "PT15M")
    Duration accessTokenTtl;

    @Inject
    Housekeeping housekeeping;

    /** What this instance publishes: the key set and the algorithm of each kid. */
    private record Published(JWKSet set, Map<String, JWSAlgorithm> algorithms, String json) {
        static final Published NONE = new Published(new JWKSet(), Map.of(), null);
    }

    /** A key this instance can sign with. */
    public record Signer(String kid, JWSAlgorithm algorithm, JWSSigner signer) {
    }

    private SigningAlgorithm algorithm;
    private Optional<JWK> configured = Optional.empty();
    private volatile Published published = Published.NONE;
    private final Map<String, Signer> signers = new ConcurrentHashMap<>();
    private boolean refreshing;
    private long refreshes;

    /** Reads the settings; a bad algorithm or PEM stops the deployment, naming the setting. */
    @PostConstruct
    void settings() {
        algorithm = SigningAlgorithm.of(algorithmSetting);
        configured = configuredPem.filter(pem -> !pem.isBlank()).map(SigningAlgorithm::fromPem);
        configured.ifPresent(key -> {
            if (SigningAlgorithm.of(key) != algorithm) {
                throw new IllegalStateException("warden.jwt.signing-key is a key for " + SigningAlgorithm.of(key)
                        + " but " + SigningAlgorithm.SETTING + " is " + algorithm + "; set " + SigningAlgorithm.SETTING
                        + "=" + SigningAlgorithm.of(key));
            }
        });
    }

    /**
     * Start-up: makes the first key, or rotates if the active key no longer fits the
     * settings (switching to ES256 is a rotation: RS256 tokens stay valid until they
     * expire), then publishes and starts re-reading the keys every {@link #REFRESH}.
     */
    public void initialize() {
        Optional<SigningKeyStore.Target> target = store.prepareStart(algorithm, configured, clock.instant(), retiredSince());
        if (target.isPresent()) {
            SigningKeyStore.Rotated rotated = promote(target.get(), () -> store.prepareStart(algorithm, configured,
                    clock.instant(), retiredSince()).orElse(null));
            if (rotated != null) {
                LOG.info("Rotated the signing key at start-up to " + rotated.kid() + " (" + rotated.algorithm() + ")");
            }
        }
        refresh();
        LOG.info("Signing access tokens with " + algorithm + ", key " + store.activeKid().orElse("?"));
        if (!refreshing) {
            refreshing = true;
            housekeeping.every(REFRESH, "signing-key re-read", this::refresh);
        }
    }

    /**
     * {@code POST /system/signing-keys/rotate}: promotes the standby key (of the configured
     * algorithm) and retires the active one, for every instance at once.
     */
    public SigningKeyStore.Rotated rotate() {
        if (configured.isPresent()) {
            throw WardenException.conflict("The signing key is set by warden.jwt.signing-key: rotate it by "
                    + "setting another key there on every instance");
        }
        SigningKeyStore.Rotated rotated = promote(store.prepareRotation(algorithm, clock.instant(), retiredSince()),
                () -> store.prepareRotation(algorithm, clock.instant(), retiredSince()));
        if (rotated == null) {
            throw new IllegalStateException("Signing-key rotation did not finish after " + MAX_ATTEMPTS + " attempts");
        }
        return rotated;
    }

    /** Waits until the target is published long enough, then promotes it; again if someone was faster. */
    private SigningKeyStore.Rotated promote(SigningKeyStore.Target first,
                                            java.util.function.Supplier<SigningKeyStore.Target> again) {
        SigningKeyStore.Target target = first;
        for (int attempt = 0; attempt < MAX_ATTEMPTS && target != null; attempt++) {
            Instant publishedSince = target.storedNow() ? clock.instant() : target.publishedSince();
            refresh();
            waitUntil(publishedSince.plus(PROPAGATION));
            Optional<SigningKeyStore.Rotated> rotated = store.promote(target.kid(), algorithm, configured.isEmpty(),
                    clock.instant(), retiredSince());
            if (rotated.isPresent()) {
                refresh();
                return rotated.get();
            }
            target = again.get();
        }
        return null;
    }

    private void waitUntil(Instant moment) {
        long millis = Duration.between(clock.instant(), moment).toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(millis, PROPAGATION.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a new signing key was being published");
        }
    }

    /**
     * The key to sign with now: the one the database calls active, as the cluster-coherent
     * view holds it ({@link ClusterCache}: a rotation on any instance invalidates it on
     * every instance before it answers, so the next token anywhere uses the new key). The
     * private key is opened once per instance.
     */
    public Signer signer() {
        String kid = cache.get(VIEW, ACTIVE, k -> store.activeKid())
                .orElseThrow(() -> new IllegalStateException("No active signing key"));
        Signer signer = signers.get(kid);
        if (signer == null) {
            signer = signers.computeIfAbsent(kid, this::open);
        }
        if (!published.algorithms().containsKey(kid)) {
            refresh();
        }
        return signer;
    }

    private Signer open(String kid) {
        JWK key = configured.filter(c -> c.getKeyID().equals(kid)).orElse(null);
        if (key == null) {
            SigningKey row = store.find(kid).orElseThrow(() -> new IllegalStateException("No signing key " + kid));
            if (row.sealedPrivateKey() == null) {
                throw new IllegalStateException("The active signing key " + kid + " is set in warden.jwt.signing-key "
                        + "of another instance; give every instance the same warden.jwt.signing-key");
            }
            key = SigningAlgorithm.of(row.algorithm()).withPrivateKey(row.publicJwk(),
                    secretBox.open(row.sealedPrivateKey(), SigningKeyStore.PURPOSE));
        }
        return new Signer(kid, SigningAlgorithm.of(key).jws(), SigningAlgorithm.signer(key, nativeSigning));
    }

    /** The public JWK set, as served at /.well-known/jwks.json. */
    public JWKSet publicKeys() {
        return published.set();
    }

    /** The algorithm of a published key, for checking a token's header against it. */
    public Optional<JWSAlgorithm> algorithmOf(String kid) {
        return kid == null ? Optional.empty() : Optional.ofNullable(published.algorithms().get(kid));
    }

    /** Re-reads the published keys and hands them to MicroProfile JWT if they changed. */
    synchronized void refresh() {
        Instant now = clock.instant();
        List<JWK> keys = new ArrayList<>();
        for (SigningKey row : store.published(now.minus(retention()))) {
            keys.add(SigningAlgorithm.parsePublic(row.publicJwk()));
        }
        JWKSet set = new JWKSet(keys);
        String json = set.toString(true);
        if (!json.equals(published.json())) {
            Map<String, JWSAlgorithm> algorithms = keys.stream()
                    .collect(Collectors.toUnmodifiableMap(JWK::getKeyID, key -> SigningAlgorithm.of(key).jws()));
            published = new Published(set, algorithms, json);
            SigningKeyConfigSource.publish(json);
            signers.keySet().retainAll(algorithms.keySet());
            LOG.fine(() -> "Publishing signing keys " + algorithms.keySet());
        }
        if (++refreshes % 60 == 0) {
            store.deleteRetiredBefore(now.minus(retention()));
        }
    }

    /** How long a retired key stays published: every token it signed has expired by then. */
    private Duration retention() {
        return accessTokenTtl.plus(CLOCK_MARGIN);
    }

    private Instant retiredSince() {
        return clock.instant().minus(retention());
    }
}
