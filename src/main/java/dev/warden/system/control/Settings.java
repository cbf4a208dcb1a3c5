package dev.warden.system.control;

import com.nimbusds.jose.JWSAlgorithm;
import dev.warden.passwords.control.HashingGate;
import dev.warden.platform.control.SecretBox;
import dev.warden.platform.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective settings of SPEC section 8 for the features that exist (the others are
 * listed once their feature arrives), as an operator checks them. Secrets
 * (passwords, keys, the legacy API keys) are never listed; the database URL is shown
 * without credentials.
 */
@ApplicationScoped
public class Settings {

    static final List<String> PUBLIC = List.of(
            "warden.db.url", "warden.db.user", "warden.db.migration-user", "warden.db.acquire-timeout-ms",
            "warden.db.statement-timeout-ms",
            "warden.jwt.issuer", "warden.jwt.audience", "warden.jwt.algorithm", "warden.jwt.native-signing", "warden.jwt.access-token-ttl", "warden.jwt.refresh-token-ttl",
            "warden.session.max-lifetime", "warden.session.retention", "warden.session.purge-interval",
            "warden.session.recent-login",
            "warden.trusted-proxies", "warden.proxy-header", "warden.client-ipv6-prefix", "warden.cors.allowed-origins",
            "warden.password.min-length", "warden.password.max-length", "warden.password.history",
            "warden.password.bcrypt-cost", "warden.password.require-uppercase", "warden.password.require-lowercase",
            "warden.password.require-digit", "warden.password.require-special",
            "warden.password.max-concurrent-hashes", "warden.password.max-queued-hashes",
            "warden.lockout.max-failed-attempts", "warden.lockout.duration", "warden.rate-limit.auth-per-minute",
            "warden.api-keys.prefix", "warden.api-keys.max-per-user",
            "warden.bootstrap.admin.username", "warden.bootstrap.admin.email",
            "warden.legacy-api-keys.role",
            "warden.audit.retention", "warden.audit.purge-interval", "warden.users.search-statistics-interval",
            "warden.mfa.issuer", "warden.mfa.max-attempts", "warden.mfa.token-ttl",
            "warden.reset.token-ttl", "warden.registration.enabled", "warden.registration.require-email-verification",
            "warden.public-url", "warden.mail.smtp.host", "warden.mail.smtp.port", "warden.mail.smtp.username",
            "warden.mail.smtp.tls", "warden.mail.from", "warden.mail.session", "warden.alerts.failed-logins-per-address");

    static final List<String> SECRETS = List.of("warden.db.password", "warden.db.migration-password",
            "warden.jwt.signing-key", "warden.encryption.key",
            "warden.encryption.previous-keys", "warden.bootstrap.admin.password", "warden.legacy-api-keys", "warden.mail.smtp.password");

    @Inject
    Config config;

    @Inject
    HashingGate gate;

    @Inject
    SecretBox secretBox;

    @Inject
    SigningKeys signingKeys;

    private volatile Map<String, Boolean> secretsConfigured;

    public Map<String, Object> effective() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : PUBLIC) {
            String value = config.getOptionalValue(key, String.class).orElse(null);
            if (key.startsWith("warden.db.")) {
                // what the datasource definition itself reads (system properties and environment only)
                value = Database.setting(key);
            }
            if (key.equals("warden.db.url")) {
                value = withoutCredentials(Database.url());
            } else if (key.equals("warden.db.acquire-timeout-ms") && value == null) {
                value = Database.DEFAULT_ACQUIRE_TIMEOUT_MS;
            } else if (key.equals(Database.MIGRATION_USER) && (value == null || value.isBlank())) {
                value = Database.setting("warden.db.user"); // who migrates when no other user is set
            } else if (key.equals("warden.db.statement-timeout-ms") && value == null) {
                value = String.valueOf(Database.DEFAULT_STATEMENT_TIMEOUT_MS);
            } else if (key.equals("warden.password.max-concurrent-hashes")) {
                value = String.valueOf(gate.concurrent()); // the default is computed: half the cores
            } else if (key.equals("warden.password.max-queued-hashes")) {
                value = String.valueOf(gate.queue());
            }
            settings.put(key, value);
        }
        settings.put("secrets_configured", secretsConfigured());
        // which keys this instance seals and opens with, by id (never a key): every instance
        // of a cluster should show the same, except during a rolling rotation
        settings.put("encryption_key_ids", Map.of("current", secretBox.keyId(), "previous", secretBox.previousKeyIds()));
        String signer;
        try {
            signer = signedBy(signingKeys.signer());
        } catch (IllegalStateException noKeyToSignWith) { // e.g. the active key is a PEM of another instance
            signer = "none: " + noKeyToSignWith.getMessage();
        }
        settings.put("token_signer", signer);
        return settings;
    }

    /**
     * Which secrets are set, read once: the components that use them read them at start, so
     * what was set then is what is in effect. Read again per view, a secret kept as a Payara
     * Server password alias (README, "Deploying to Payara Server") cost ~35 ms of a core each
     * time: Payara's alias config source opens the alias store's key (200,000 iterations of
     * the JDK's JCEKS key protection) on every read, which made this view ~10 answers/s.
     */
    Map<String, Boolean> secretsConfigured() {
        Map<String, Boolean> secrets = secretsConfigured;
        if (secrets == null) {
            Map<String, Boolean> read = new LinkedHashMap<>();
            for (String key : SECRETS) {
                read.put(key, config.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).isPresent());
            }
            secrets = Collections.unmodifiableMap(read);
            secretsConfigured = secrets;
        }
        return secrets;
    }

    /**
     * Who computes this instance's signatures with the active key, as its JCA provider names
     * itself: the native one, Bouncy Castle, or the JDK's (README, "Who signs").
     */
    static String signedBy(SigningKeys.Signer signer) {
        Provider provider = signer.signer().getJCAContext().getProvider();
        if (provider == null) {
            try {
                provider = Signature.getInstance(signer.algorithm().equals(JWSAlgorithm.ES256)
                        ? "SHA256withECDSA" : "SHA256withRSA").getProvider();
            } catch (NoSuchAlgorithmException e) {
                return "the JDK";
            }
        }
        return provider.getName() + " " + provider.getVersionStr();
    }

    static String withoutCredentials(String url) {
        return url.replaceAll("(?i)(password|user)=[^&;]*", "$1=***").replaceAll("//[^/@]*@", "//***@");
    }
}
