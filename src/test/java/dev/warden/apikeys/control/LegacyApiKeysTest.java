package dev.warden.apikeys.control;

import dev.warden.users.entity.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LegacyApiKeysTest {

    @Test
    void onlyTheConfiguredKeysMatch() {
        LegacyApiKeys cut = new LegacyApiKeys(List.of("first-key", "second-key"), Role.VIEWER);
        assertTrue(cut.matches("first-key"));
        assertTrue(cut.matches("second-key"));
        assertFalse(cut.matches("first-ke"));
        assertFalse(cut.matches("first-keyX"));
        assertFalse(cut.matches(""));
        assertFalse(cut.matches(null));
    }

    @Test
    void anEmptyListIsOff() {
        LegacyApiKeys cut = new LegacyApiKeys(List.of(), Role.VIEWER);
        assertFalse(cut.matches(""));
        assertFalse(cut.matches("anything"));
    }
}
