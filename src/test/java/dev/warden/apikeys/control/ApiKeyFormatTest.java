package dev.warden.apikeys.control;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeyFormatTest {

    private final ApiKeyFormat cut = new ApiKeyFormat("wdn_");

    @Test
    void aGeneratedKeyHasThePrefixTheRandomPartAndAValidChecksum() {
        String key = cut.generate();
        assertTrue(key.startsWith("wdn_"));
        assertEquals(4 + 43 + 6, key.length());
        assertTrue(key.substring(4).chars().allMatch(Character::isLetterOrDigit), "double-click selects it whole");
        assertEquals(Optional.of(key), cut.parse(key));
        assertEquals(Optional.of(key), cut.parse("  " + key + "\t"), "surrounding blanks from a copy are tolerated");
        assertEquals("wdn_" + key.substring(4, 8), ApiKeyFormat.shownPrefix(key));
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(cut.generate()));
        }
    }

    @Test
    void everySingleCharacterChangeIsCaught() {
        String key = cut.generate();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
        for (int i = 0; i < key.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != key.charAt(i)) {
                    String changed = key.substring(0, i) + c + key.substring(i + 1);
                    assertEquals(Optional.empty(), cut.parse(changed), changed);
                }
            }
        }
    }

    @Test
    void wrongShapesAreRefused() {
        String key = cut.generate();
        for (String bad : new String[]{null, "", "wdn_", key.substring(0, key.length() - 1), key + "A",
                "abc_" + key.substring(4), key.substring(4) + "wdn_", key.replace('A', 'é')}) {
            if (bad != null && bad.equals(key)) {
                continue;
            }
            assertEquals(Optional.empty(), cut.parse(bad), String.valueOf(bad));
        }
        assertEquals(Optional.empty(), new ApiKeyFormat("other_").parse(key), "a key for another prefix");
    }

    @Test
    void aPrefixMustBeShortAndPlain() {
        assertThrows(IllegalArgumentException.class, () -> new ApiKeyFormat(""));
        assertThrows(IllegalArgumentException.class, () -> new ApiKeyFormat("has space"));
        assertThrows(IllegalArgumentException.class, () -> new ApiKeyFormat("x".repeat(17)));
        String key = new ApiKeyFormat("acme_").generate();
        assertTrue(key.startsWith("acme_"));
    }
}
