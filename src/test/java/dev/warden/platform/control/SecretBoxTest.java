package dev.warden.platform.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretBoxTest {

    final SecretBox cut = new SecretBox(new byte[32]);

    @Test
    void sealsAndOpens() {
        byte[] secret = "private key".getBytes(StandardCharsets.UTF_8);
        String sealed = cut.seal(secret, "signing-key");
        assertArrayEquals(secret, cut.open(sealed, "signing-key"));
        assertNotEquals(sealed, cut.seal(secret, "signing-key"), "random IV");
    }

    @Test
    void refusesAnotherPurposeAnotherKeyOrAChange() {
        String sealed = cut.seal(new byte[]{1, 2, 3}, "signing-key");
        assertThrows(IllegalStateException.class, () -> cut.open(sealed, "totp"));
        byte[] other = new byte[32];
        other[0] = 1;
        assertThrows(IllegalStateException.class, () -> new SecretBox(other).open(sealed, "signing-key"));
        String flipped = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "B" : "A") + sealed.charAt(sealed.length() - 1);
        assertThrows(IllegalStateException.class, () -> cut.open(flipped, "signing-key"));
        assertThrows(IllegalArgumentException.class, () -> SecretBox.fromBase64("c2hvcnQ="));
    }

    @Test
    void everyValueNamesItsKeyAndAnotherKeyIsNamedAsSuch() throws Exception {
        String sealed = cut.seal(new byte[]{1, 2, 3}, "totp");
        assertTrue(sealed.startsWith("v2." + cut.keyId() + "."), sealed);
        assertEquals(8, cut.keyId().length());
        byte[] other = new byte[32];
        other[0] = 1;
        SecretBox second = new SecretBox(other);
        assertNotEquals(cut.keyId(), second.keyId());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.open(sealed, "totp"));
        assertTrue(e.getMessage().contains(cut.keyId()) && e.getMessage().contains("warden.encryption.key"), e.getMessage());
    }

    /** Signing keys sealed before key ids existed still open. */
    @Test
    void theFirstFormatWithoutAKeyIdStillOpens() throws Exception {
        byte[] iv = new byte[12];
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, iv));
        cipher.updateAAD("signing-key".getBytes(StandardCharsets.UTF_8));
        byte[] ct = cipher.doFinal(new byte[]{7, 8});
        byte[] all = new byte[12 + ct.length];
        System.arraycopy(ct, 0, all, 12, ct.length);
        assertArrayEquals(new byte[]{7, 8}, cut.open("v1." + java.util.Base64.getEncoder().encodeToString(all), "signing-key"));
    }
}
