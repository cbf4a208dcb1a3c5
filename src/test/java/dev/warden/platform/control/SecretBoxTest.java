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

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }

    /**
     * Rotation: the previous keys open what they sealed, and only the current key seals;
     * in the first phase of a rolling change (old key current, new key listed) an instance
     * opens what an instance already in the second phase sealed, and the other way round.
     */
    @Test
    void previousKeysOpenButNeverSeal() {
        SecretBox old = new SecretBox(key(1));
        SecretBox rotated = new SecretBox(key(2), java.util.List.of(key(1), key(3)));
        assertEquals(java.util.List.of(new SecretBox(key(1)).keyId(), new SecretBox(key(3)).keyId()), rotated.previousKeyIds());
        assertEquals(rotated.keyId(), rotated.keyIds().get(0));
        String before = old.seal(new byte[]{4, 2}, "totp-secret");
        assertArrayEquals(new byte[]{4, 2}, rotated.open(before, "totp-secret"));
        assertTrue(!rotated.sealedWithCurrentKey(before) && old.sealedWithCurrentKey(before));
        String again = rotated.reseal(before, "totp-secret");
        assertTrue(again.startsWith("v2." + rotated.keyId() + "."), again);
        assertTrue(rotated.sealedWithCurrentKey(again));
        assertEquals(old.keyId(), SecretBox.sealedBy(before));
        assertEquals(rotated.keyId(), SecretBox.sealedBy(again));
        assertArrayEquals(new byte[]{4, 2}, rotated.open(again, "totp-secret"));
        assertThrows(IllegalStateException.class, () -> rotated.reseal(before, "signing-key"), "the purpose still binds");
        // the old key alone no longer opens it; with the new key listed it does (phase one)
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> old.open(again, "totp-secret"));
        assertTrue(refused.getMessage().contains(rotated.keyId()), refused.getMessage());
        assertArrayEquals(new byte[]{4, 2}, new SecretBox(key(1), java.util.List.of(key(2))).open(again, "totp-secret"));
        // a key that is neither current nor listed is named with every known id
        String unknown = new SecretBox(key(4)).seal(new byte[]{1}, "totp-secret");
        String message = assertThrows(IllegalStateException.class, () -> rotated.open(unknown, "totp-secret")).getMessage();
        assertTrue(message.contains("previous ones " + String.join(", ", rotated.previousKeyIds())), message);
    }

    @Test
    void theFirstFormatOpensWithAPreviousKeyToo() throws Exception {
        String v2 = new SecretBox(key(1)).seal(new byte[]{9}, "signing-key");
        String v1 = "v1." + v2.substring(v2.indexOf('.', 3) + 1);
        assertEquals("v1", SecretBox.sealedBy(v1));
        assertArrayEquals(new byte[]{9}, new SecretBox(key(2), java.util.List.of(key(1))).open(v1, "signing-key"));
        assertThrows(IllegalStateException.class, () -> new SecretBox(key(2), java.util.List.of(key(3))).open(v1, "signing-key"));
    }
}
