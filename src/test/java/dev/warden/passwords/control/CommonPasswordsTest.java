package dev.warden.passwords.control;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommonPasswordsTest {

    private static final CommonPasswords LIST = CommonPasswords.load();

    @Test
    void everyEntryOfTheShippedListIsFoundInAnyCaseAndCountedOnce() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/main/resources" + CommonPasswords.RESOURCE));
        Set<String> distinct = new HashSet<>();
        for (String line : lines) {
            if (!line.isEmpty()) {
                assertTrue(LIST.contains(line), line);
                assertTrue(LIST.contains(line.toUpperCase(Locale.ROOT)), line);
                distinct.add(line.toLowerCase(Locale.ROOT));
            }
        }
        assertEquals(distinct.size(), LIST.size());
    }

    @Test
    void passwordsNotOnTheListAreNotFound() {
        for (String password : List.of("Correct#Horse-9", "Quite#Long-Pass-2026x", "", " ")) {
            assertFalse(LIST.contains(password), password);
        }
        for (int i = 0; i < 10_000; i++) {
            assertFalse(LIST.contains(UUID.randomUUID().toString()));
        }
    }
}
