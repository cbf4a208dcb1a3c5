package dev.warden.platform.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
}
