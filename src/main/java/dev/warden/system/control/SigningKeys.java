package dev.warden.system.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.warden.platform.control.SecretBox;
import dev.warden.platform.db.AppLock;
import dev.warden.system.entity.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The keys that sign access tokens. With {@code warden.jwt.signing-key} (an RSA private
 * key, PKCS#8 PEM) that key is used; otherwise the first instance to start generates an
 * RSA-2048 key under a database lock and every instance loads it from there, so
 * restarts and other instances share it. Retired keys stay published for one access
 * token lifetime so tokens they signed verify until they expire.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
    private static final String PURPOSE = "signing-key";

    @PersistenceContext
    EntityManager em;

    @Inject
    SecretBox secretBox;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "warden.jwt.signing-key")
    Optional<String> configuredPem;

    @Inject
    @ConfigProperty(name = "warden.jwt.access-token-ttl", defaultValue = "PT15M")
    Duration accessTokenTtl;

    private volatile RSAKey active;
    private volatile JWKSet published = new JWKSet();

    @Transactional
    public void initialize() {
        if (configuredPem.isPresent() && !configuredPem.get().isBlank()) {
            active = fromPem(configuredPem.get());
            publish(List.of(active.toPublicJWK()));
            LOG.info("Signing with the configured key " + active.getKeyID());
            return;
        }
        AppLock.acquire(em, AppLock.SIGNING_KEYS);
        Instant now = clock.instant();
        List<SigningKey> keys = new ArrayList<>(em.createNamedQuery(SigningKey.PUBLISHED, SigningKey.class)
                .setParameter("since", now.minus(accessTokenTtl)).getResultList());
        SigningKey current = keys.stream().filter(k -> k.retiredAt() == null).findFirst().orElse(null);
        if (current == null) {
            current = generate(now);
            keys.add(0, current);
            LOG.info("Generated signing key " + current.kid());
        }
        active = load(current);
        List<RSAKey> publics = new ArrayList<>();
        for (SigningKey key : keys) {
            publics.add(publicOf(key));
        }
        publish(publics);
    }

    public RSAKey active() {
        RSAKey key = active;
        if (key == null) {
            throw new IllegalStateException("Signing keys not initialised");
        }
        return key;
    }

    /** The public JWK set, as served at /.well-known/jwks.json. */
    public JWKSet publicKeys() {
        return published;
    }

    private void publish(List<? extends com.nimbusds.jose.jwk.JWK> keys) {
        JWKSet set = new JWKSet(new ArrayList<>(keys));
        published = set;
        SigningKeyConfigSource.publish(set.toString(true));
    }

    private SigningKey generate(Instant now) {
        try {
            RSAKey generated = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
            String sealed = secretBox.seal(generated.toPrivateKey().getEncoded(), PURPOSE);
            SigningKey key = new SigningKey(generated.getKeyID(), "RS256",
                    generated.toPublicJWK().toJSONString(), sealed, now);
            em.persist(key);
            em.flush();
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }

    private RSAKey publicOf(SigningKey key) {
        try {
            return RSAKey.parse(key.publicJwk());
        } catch (ParseException e) {
            throw new IllegalStateException("Stored public key " + key.kid() + " is unreadable", e);
        }
    }

    private RSAKey load(SigningKey key) {
        try {
            byte[] pkcs8 = secretBox.open(key.sealedPrivateKey(), PURPOSE);
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new RSAKey.Builder(publicOf(key)).privateKey(privateKey).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Stored signing key " + key.kid() + " is unreadable", e);
        }
    }

    static RSAKey fromPem(String pem) {
        try {
            String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            if (pem.contains("BEGIN RSA PRIVATE KEY")) {
                throw new IllegalStateException("warden.jwt.signing-key must be PKCS#8 (BEGIN PRIVATE KEY); "
                        + "convert with: openssl pkcs8 -topk8 -nocrypt");
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            java.security.interfaces.RSAPublicKey publicKey = (java.security.interfaces.RSAPublicKey) rsa.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            if (privateKey.getModulus().bitLength() < 2048) {
                throw new IllegalStateException("warden.jwt.signing-key must be at least 2048 bits");
            }
            RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey)
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
            return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
        } catch (java.security.GeneralSecurityException | IllegalArgumentException | ClassCastException | JOSEException e) {
            throw new IllegalStateException("warden.jwt.signing-key is not an RSA private key in PKCS#8 PEM");
        }
    }
}
