package dev.warden.passwords.control;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

    final PasswordHasher cut = new PasswordHasher(4);

    @Test
    void hashesVerifyAndAreSalted() {
        String hash = cut.hash("Correct#Horse-9");
        assertTrue(hash.startsWith("bcrypt-sha384:$2b$04$"));
        assertTrue(cut.verify("Correct#Horse-9", hash));
        assertFalse(cut.verify("Correct#Horse-8", hash));
        assertNotEquals(hash, cut.hash("Correct#Horse-9"));
    }

    @Test
    void noTruncationAt72Bytes() {
        String shared = "é".repeat(40); // 80 bytes of UTF-8
        String hash = cut.hash(shared + "A");
        assertTrue(cut.verify(shared + "A", hash));
        assertFalse(cut.verify(shared + "B", hash));
    }

    @Test
    void nfkcEquivalentFormsMatch() {
        String hash = cut.hash("ﬁle-Ⅻ#Ａ1");
        assertTrue(cut.verify("file-XII#A1", hash));
    }

    @Test
    void legacyHashesOfEveryPrefixVerifyAndNeedRehash() {
        for (BCrypt.Version version : new BCrypt.Version[]{BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B, BCrypt.Version.VERSION_2Y}) {
            String legacy = new String(BCrypt.with(version).hash(4, "Legacy#1".getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
            assertTrue(cut.verify("Legacy#1", legacy), legacy);
            assertFalse(cut.verify("Legacy#2", legacy));
            assertTrue(cut.needsRehash(legacy));
        }
    }

    @Test
    void aLegacyHashNeverMatchesAPasswordOver72Bytes() {
        String longPassword = "x".repeat(80);
        String legacy = new String(BCrypt.with(BCrypt.Version.VERSION_2B, at.favre.lib.crypto.bcrypt.LongPasswordStrategies
                .truncate(BCrypt.Version.VERSION_2B)).hash(4, longPassword.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
        assertFalse(cut.verify(longPassword, legacy));
        assertFalse(cut.verify("x".repeat(81), legacy));
    }

    @Test
    void rehashOnlyWhenTheCostWasRaised() {
        String cost4 = cut.hash("Correct#Horse-9");
        assertFalse(cut.needsRehash(cost4));
        assertTrue(new PasswordHasher(5).needsRehash(cost4));
        assertFalse(new PasswordHasher(4).needsRehash(new PasswordHasher(5).hash("x")));
    }

    @Test
    void theDummyIsAWellFormedHashAtTheConfiguredCostThatNoPasswordMatches() {
        for (int cost : new int[]{4, 5, 12}) {
            String dummy = PasswordHasher.randomHash(cost);
            assertTrue(PasswordHasher.isImportable(dummy), dummy);
            assertEquals(cost, PasswordHasher.costOfStored(dummy));
            assertFalse(new PasswordHasher(cost).cheaperThanConfigured(dummy));
            assertNotEquals(dummy, PasswordHasher.randomHash(cost));
            // the verifier reads it as a hash of that cost: it runs bcrypt's 2^cost rounds with
            // its salt before comparing, the work of checking a real password
            BCrypt.Result read = BCrypt.verifyer().verify("x".getBytes(StandardCharsets.UTF_8),
                    dummy.substring(PasswordHasher.SCHEME.length()).getBytes(StandardCharsets.US_ASCII));
            assertTrue(read.validFormat, read.formatErrorMessage);
            assertEquals(cost, read.details.cost);
            assertFalse(read.verified);
        }
        String dummy = PasswordHasher.randomHash(4);
        for (String password : new String[]{"", "x", "Correct#Horse-9", dummy}) {
            assertFalse(cut.verify(password, dummy), password);
        }
        cut.verifyDummy(null);
        cut.verifyDummy("Correct#Horse-9");
    }

    @Test
    void unknownFormatsNeverVerify() {
        assertFalse(cut.verify("x", "plaintext"));
        assertFalse(cut.verify("x", null));
        assertFalse(cut.verify(null, cut.hash("x")));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(3));
    }
}
