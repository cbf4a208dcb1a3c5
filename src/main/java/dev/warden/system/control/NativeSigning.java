package dev.warden.system.control;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.warden.platform.control.ClassPresence;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Access tokens signed through AWS-LC, by the Amazon Corretto Crypto Provider (ACCP, in the
 * WAR for Linux on x86-64), where it loads and passes its self-tests: on JDK 17 here an
 * RS256 signature costs ~60 % of the JDK's and an ES256 one ~1/24 (README, "Who signs").
 * Setting {@code warden.jwt.native-signing} to false, another platform, or a temporary directory that
 * forbids loading native code leave signing to Java, with a log line that says why.
 * <p>
 * The provider is handed to nimbus's signers only, never installed for the server, and
 * only signs: verifying stays with the JDK, here and in MicroProfile JWT. The private key
 * is translated into the provider's own key once per signer (ACCP imports and checks a
 * foreign RSA key on every {@code initSign}, which would cost as much as the signature).
 */
final class NativeSigning {

    private static final String PROVIDER_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    private static final Logger LOG = Logger.getLogger(NativeSigning.class.getName());

    private NativeSigning() {
    }

    /** The provider, loaded and checked with the first signer that asks (~0.1 s once). */
    static Optional<Provider> provider() {
        return Optional.ofNullable(Loaded.PROVIDER);
    }

    /** A signer through {@code provider}, holding the private key as the provider's own object. */
    static JWSSigner signer(JWK key, Provider provider) throws JOSEException, GeneralSecurityException {
        JWSSigner signer = key instanceof ECKey ec
                ? new ECDSASigner((ECPrivateKey) translate(provider, ec.toECPrivateKey()))
                : new RSASSASigner(translate(provider, ((RSAKey) key).toRSAPrivateKey()));
        signer.getJCAContext().setProvider(provider);
        return signer;
    }

    private static PrivateKey translate(Provider provider, PrivateKey key) throws GeneralSecurityException {
        return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
    }

    private static final class Loaded {
        static final Provider PROVIDER = load();

        private static Provider load() {
            if (!ClassPresence.present(PROVIDER_CLASS, NativeSigning.class)) {
                LOG.info("Access tokens are signed with Java (no native signer in this WAR)");
                return null;
            }
            try {
                AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
                Throwable error = provider.getLoadingError();
                if (error != null) {
                    LOG.warning("Access tokens are signed with Java: the native signer (ACCP) did not load on "
                            + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + error
                            + " (README, \"Who signs\")");
                    return null;
                }
                provider.assertHealthy();
                LOG.info("Access tokens are signed through the Amazon Corretto Crypto Provider " + provider.getVersionStr()
                        + " (" + provider.getAwsLcVersionStr() + "); " + SigningAlgorithm.NATIVE_SETTING
                        + "=false signs with Java");
                return provider;
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "Access tokens are signed with Java: the native signer (ACCP) failed its checks", e);
                return null;
            }
        }
    }
}
