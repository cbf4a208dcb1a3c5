package dev.warden.platform.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EnvironmentSettingsTest {

    private final Locale before = Locale.getDefault();

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void aSettingIsReadFromTheVariableOfTheSpecificationsFormInTurkishToo() {
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        // what Payara's environment source asks for on such a server
        assertNotEquals("WARDEN_ENCRYPTION_KEY", "warden_encryption_key".toUpperCase());

        assertEquals(List.of("warden.encryption.key", "warden_encryption_key", "WARDEN_ENCRYPTION_KEY"),
                EnvironmentSettings.names("warden.encryption.key"));
        assertEquals(List.of("warden.cors.allowed-origins", "warden_cors_allowed_origins", "WARDEN_CORS_ALLOWED_ORIGINS"),
                EnvironmentSettings.names("warden.cors.allowed-origins"));
        // letters beyond ASCII are replaced, as by the specification's [^A-Za-z0-9]
        assertEquals("WARDEN_K_Y", EnvironmentSettings.names("warden.k\u00e9y").get(2));
    }

    @Test
    void itAnswersWhatTheEnvironmentHoldsAndNothingElse() {
        EnvironmentSettings source = new EnvironmentSettings();
        assertEquals(System.getenv("PATH"), source.getValue("path"));
        assertEquals(System.getenv("PATH"), source.getValue("PATH"));
        assertNull(source.getValue("warden.no-such-setting-" + System.nanoTime()));
        assertEquals(300, source.getOrdinal(), "the environment's place among the sources");
    }
}
