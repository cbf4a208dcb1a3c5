package dev.warden.system.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The development key of the embedded default, and where a real key is required. */
class EncryptionKeyTest {

    @TempDir
    Path temp;

    @Test
    void theDevelopmentKeyIsOwnerOnlyFromItsCreationAndKept() throws Exception {
        Path folder = temp.resolve("data");
        String url = "jdbc:h2:file:" + folder.resolve("warden") + ";MODE=PostgreSQL";
        EncryptionKey.DevKey made = EncryptionKey.devKey(url);
        String key = made.key();
        assertEquals(Optional.empty(), made.unwrittenFile(), "a new database: written at once");
        Path file = folder.resolve("warden.encryption.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals(key, EncryptionKey.devKey(url).key(), "the same key after a restart");
        assertEquals(32, java.util.Base64.getDecoder().decode(key).length);
        assertEquals(key, Files.readString(file), "the whole key");
        try (var files = Files.list(folder)) {
            assertEquals(List.of("warden.encryption.key"), files.map(f -> f.getFileName().toString()).toList(),
                    "nothing left of the write");
        }
    }

    @Test
    void aKeyFileThatHoldsNoKeyStopsStartUpNamingTheFileNotItsContent() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("spoiled"));
        String url = "jdbc:h2:file:" + folder.resolve("warden") + ";MODE=PostgreSQL";
        Path file = folder.resolve("warden.encryption.key");
        for (String content : new String[]{"", "\n", "not-a-key-c2VjcmV0", java.util.Base64.getEncoder().encodeToString(new byte[16])}) {
            Files.writeString(file, content);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> EncryptionKey.devKey(url));
            assertTrue(refused.getMessage().startsWith("The development key file " + file + " does not hold a key"),
                    refused.getMessage());
            assertFalse(!content.isBlank() && refused.getMessage().contains(content.strip()), "the content is not shown");
            assertEquals(content, Files.readString(file), "left as it was");
        }
    }

    @Test
    void aKeyMadeForADatabaseThatExistsWithoutItsFileIsWrittenOnlyOnceStartUpKeepsIt() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("existing"));
        Files.writeString(folder.resolve("warden.mv.db"), "a database made before, its key file lost");
        String url = "jdbc:h2:file:" + folder.resolve("warden") + ";MODE=PostgreSQL";
        Path file = folder.resolve("warden.encryption.key");
        EncryptionKey cut = new EncryptionKey();
        cut.configured = Optional.empty();
        cut.dbUrl = Optional.of(url);
        dev.warden.platform.control.SecretBox box = cut.secretBox();
        assertFalse(Files.exists(file), "not written before start-up has checked the database's secrets");
        // start-up refused it (a restart makes another key, still unwritten)
        EncryptionKey restarted = new EncryptionKey();
        restarted.configured = Optional.empty();
        restarted.dbUrl = Optional.of(url);
        assertNotEquals(box.keyId(), restarted.secretBox().keyId());
        assertFalse(Files.exists(file));
        // start-up found nothing sealed with another key
        restarted.keepGeneratedKey();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        EncryptionKey.DevKey kept = EncryptionKey.devKey(url);
        assertEquals(Optional.empty(), kept.unwrittenFile());
        assertEquals(restarted.secretBox().keyId(), dev.warden.platform.control.SecretBox.fromBase64(kept.key()).keyId());
        restarted.keepGeneratedKey(); // once only: nothing more to write
        assertEquals(kept.key(), Files.readString(file).trim());
    }

    @Test
    void anH2ServerNeedsARealKeyLikePostgres() {
        for (String url : new String[]{"jdbc:h2:tcp://db:9092/warden", "jdbc:h2:ssl://db/warden",
                "jdbc:postgresql://db/warden"}) {
            EncryptionKey cut = new EncryptionKey();
            cut.configured = Optional.empty();
            cut.dbUrl = Optional.of(url);
            IllegalStateException refused = assertThrows(IllegalStateException.class, cut::secretBox, url);
            assertTrue(refused.getMessage().contains("warden.encryption.key is required"), refused.getMessage());
        }
    }

    @Test
    void aMalformedKeyStopsStartUpNamingTheSetting() {
        for (String bad : new String[]{"not base64!", "c2hvcnQ=", "AAAA"}) {
            EncryptionKey cut = new EncryptionKey();
            cut.configured = Optional.of(bad);
            cut.dbUrl = Optional.of("jdbc:postgresql://db/warden");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, cut::secretBox, bad);
            assertTrue(refused.getMessage().contains("warden.encryption.key must be the base64 of 32 bytes"),
                    refused.getMessage());
            assertTrue(!refused.getMessage().contains(bad), "the value is not shown");
        }
    }

    @Test
    void anEmbeddedDatabaseNeedsNone() {
        assertTrue(dev.warden.platform.db.Database.embedded("jdbc:h2:file:~/.warden/data/warden"));
        assertTrue(dev.warden.platform.db.Database.embedded("jdbc:h2:mem:test"));
        EncryptionKey cut = new EncryptionKey();
        cut.configured = Optional.empty();
        cut.dbUrl = Optional.of("jdbc:h2:mem:test");
        cut.secretBox();
    }

    @Test
    void previousKeysAreReadBesideTheKeyAndABadOneIsNamedByPositionOnly() {
        String current = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        byte[] one = new byte[32];
        one[0] = 1;
        byte[] two = new byte[32];
        two[0] = 2;
        String first = java.util.Base64.getEncoder().encodeToString(one);
        String second = java.util.Base64.getEncoder().encodeToString(two);
        EncryptionKey cut = new EncryptionKey();
        cut.configured = Optional.of(current);
        cut.dbUrl = Optional.of("jdbc:postgresql://db/warden");
        cut.previous = Optional.of(" " + first + ",\n" + second + " ,, " + current);
        dev.warden.platform.control.SecretBox box = cut.secretBox();
        assertEquals(java.util.List.of(new dev.warden.platform.control.SecretBox(one).keyId(),
                new dev.warden.platform.control.SecretBox(two).keyId()), box.previousKeyIds(),
                "in order, the current key not counted twice");
        assertEquals(new dev.warden.platform.control.SecretBox(new byte[32]).keyId(), box.keyId());

        cut.previous = Optional.of(first + "," + "c2hvcnQ=");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, cut::secretBox);
        assertEquals("warden.encryption.previous-keys (entry 2) must be the base64 of 32 bytes", refused.getMessage());
        cut.previous = Optional.of("  ");
        assertTrue(cut.secretBox().previousKeyIds().isEmpty(), "blank is none");
    }
}
