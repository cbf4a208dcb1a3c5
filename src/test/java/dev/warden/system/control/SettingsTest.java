package dev.warden.system.control;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    /**
     * A secret kept as a Payara Server password alias costs ~35 ms of a core per read (the
     * alias store's key protection), so the settings view reads which secrets are set once.
     */
    @Test
    void whichSecretsAreSetIsReadOnceNotPerView() {
        Map<String, Integer> reads = new HashMap<>();
        Map<String, String> values = Map.of("warden.encryption.key", "c2VjcmV0", "warden.mail.smtp.password", " ");
        Settings settings = new Settings();
        settings.config = (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[]{Config.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getOptionalValue")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    reads.merge((String) args[0], 1, Integer::sum);
                    return Optional.ofNullable(values.get((String) args[0]));
                });

        Map<String, Boolean> first = settings.secretsConfigured();
        Map<String, Boolean> second = settings.secretsConfigured();

        assertEquals(Settings.SECRETS, first.keySet().stream().toList(), "every secret, in order");
        assertTrue(first.get("warden.encryption.key"));
        assertFalse(first.get("warden.mail.smtp.password"), "blank is not set");
        assertFalse(first.get("warden.db.password"));
        assertEquals(first, second);
        for (String key : Settings.SECRETS) {
            assertEquals(1, reads.get(key), key + " read once");
        }
        assertThrows(UnsupportedOperationException.class, () -> second.put("warden.db.password", true));
    }
}
