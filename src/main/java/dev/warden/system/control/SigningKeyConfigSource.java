package dev.warden.system.control;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Hands MicroProfile JWT the current public keys as {@code mp.jwt.verify.publickey}
 * (a JWKS). The keys live in the database and exist only once Warden has started, so
 * no static configuration can name them; Payara reads this value when it verifies a
 * token (caching it for {@code publicKey.cache.ttl}); SmallRye (WildFly) reads it once,
 * and {@link RekeyedJwtParser} hands it each new value. Static because config sources
 * are created by the config runtime, not by CDI.
 */
public class SigningKeyConfigSource implements ConfigSource {

    static final String KEY = "mp.jwt.verify.publickey";
    private static volatile String jwks;

    public static void publish(String jwksJson) {
        jwks = jwksJson;
    }

    /** The public keys last published, as a JWKS (null before the start). */
    public static String published() {
        return jwks;
    }

    @Override
    public Set<String> getPropertyNames() {
        return jwks == null ? Set.of() : Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        String value = jwks;
        return value == null ? Map.of() : Map.of(KEY, value);
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? jwks : null;
    }

    @Override
    public String getName() {
        return "warden-signing-keys";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
