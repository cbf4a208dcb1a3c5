package dev.warden.platform.control;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment as MicroProfile Config reads it (the name as given, then with every
 * character but letters and digits replaced by {@code _}, then that upper-cased), upper-cased
 * in the root locale. Payara's own environment source upper-cases in the server's default
 * locale, so on a server in Turkish (or Azerbaijani) {@code warden.encryption.key} became
 * {@code WARDEN_ENCRYPT\u0130ON_KEY} (U+0130, a dotted capital I) and
 * {@code WARDEN_ENCRYPTION_KEY} was never read: Warden refused to start for want of a key
 * that was set (seen 2026-12-07 with {@code -Duser.language=tr}). Same ordinal as the environment (300), so the order of sources
 * is the specification's; where both sources find a value it is the same value. Names are
 * not listed: the environment holds more than Warden's settings, and a listing of this
 * source is not a place for them. {@code Database.setting} reads the environment through
 * it too, so the pool's {@code ${MPCONFIG=...}} and the code that reaches the same database
 * find the same variable.
 */
public class EnvironmentSettings implements ConfigSource {

    @Override
    public String getValue(String propertyName) {
        return read(propertyName);
    }

    /** The setting's value from the environment, or null. */
    public static String read(String propertyName) {
        for (String name : names(propertyName)) {
            String value = System.getenv(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The environment variables a setting is read from, in order. */
    static List<String> names(String propertyName) {
        StringBuilder replaced = new StringBuilder(propertyName.length());
        for (int i = 0; i < propertyName.length(); i++) {
            char c = propertyName.charAt(i);
            replaced.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return List.of(propertyName, replaced.toString(), replaced.toString().toUpperCase(Locale.ROOT));
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Override
    public String getName() {
        return "warden-environment";
    }

    @Override
    public int getOrdinal() {
        return 300;
    }
}
