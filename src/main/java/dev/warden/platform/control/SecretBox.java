package dev.warden.platform.control;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals secrets at rest (signing keys, TOTP secrets) with AES-256-GCM under
 * {@code warden.encryption.key}: a random 96-bit nonce per value, output
 * {@code v2.<key id>.<base64(nonce | ciphertext | tag)>}. The key id (8 characters derived
 * from the key by SHA-256, revealing nothing of it) says which key sealed a value, so a
 * later key rotation can tell old values from new ones and a wrong key is named as such.
 * Values of the first format, {@code v1.<base64>} without an id, still open. The
 * associated data binds a ciphertext to its purpose, so one cannot be moved to another
 * column and still open.
 */
public final class SecretBox {

    private static final String V1 = "v1.";
    private static final String V2 = "v2.";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;
    private final String keyId;

    public SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("warden.encryption.key must be the base64 of 32 bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.keyId = keyId(key);
    }

    private static String keyId(byte[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("warden.encryption.key id".getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest(key)).substring(0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A key for another purpose derived from this one (HMAC-SHA-256 of the purpose under the
     * encryption key, as HKDF-Expand does for one block), so that no two uses share a key.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("warden " + purpose).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which key this is, as written into every value it seals. */
    public String keyId() {
        return keyId;
    }

    public static SecretBox fromBase64(String base64) {
        try {
            return new SecretBox(Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("warden.encryption.key must be the base64 of 32 bytes");
        }
    }

    public String seal(byte[] plain, String purpose) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return V2 + keyId + "." + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public byte[] open(String sealed, String purpose) {
        String body;
        if (sealed != null && sealed.startsWith(V2) && sealed.indexOf('.', V2.length()) > 0) {
            int dot = sealed.indexOf('.', V2.length());
            String sealedBy = sealed.substring(V2.length(), dot);
            if (!sealedBy.equals(keyId)) {
                throw new IllegalStateException("A sealed secret was sealed with another warden.encryption.key "
                        + "(key id " + sealedBy + "; this one is " + keyId + ")");
            }
            body = sealed.substring(dot + 1);
        } else if (sealed != null && sealed.startsWith(V1)) {
            body = sealed.substring(V1.length());
        } else {
            throw new IllegalStateException("Unknown sealed-secret format");
        }
        try {
            byte[] data = Base64.getDecoder().decode(body);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, data, 0, 12));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(data, 12, data.length - 12);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A sealed secret does not open with warden.encryption.key "
                    + "(wrong key, or the data was changed)");
        }
    }
}
