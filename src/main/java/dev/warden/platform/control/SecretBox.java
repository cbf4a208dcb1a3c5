package dev.warden.platform.control;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seals secrets at rest (signing keys, TOTP secrets) with AES-256-GCM under
 * {@code warden.encryption.key}: a random 96-bit nonce per value, output
 * {@code v2.<key id>.<base64(nonce | ciphertext | tag)>}. The key id (8 characters derived
 * from the key by SHA-256, revealing nothing of it) says which key sealed a value, so a
 * rotation can tell old values from new ones and a wrong key is named as such. Values of
 * the first format, {@code v1.<base64>} without an id, still open. The associated data
 * binds a ciphertext to its purpose, so one cannot be moved to another column and still
 * open.
 * <p>
 * Rotation: the previous keys ({@code warden.encryption.previous-keys}) still open what
 * they sealed and still check what they keyed, but never seal anything new.
 */
public final class SecretBox {

    private static final String V1 = "v1.";
    private static final String V2 = "v2.";
    private static final String KEY_SETTING = "warden.encryption.key";
    private static final String PREVIOUS_SETTING = "warden.encryption.previous-keys";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;
    private final String keyId;
    /** Every key that opens values, by id: the current key first, then the previous ones. */
    private final Map<String, SecretKeySpec> opening;

    public SecretBox(byte[] key) {
        this(key, List.of());
    }

    public SecretBox(byte[] key, List<byte[]> previous) {
        this.key = aes(key, KEY_SETTING);
        this.keyId = keyId(key);
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        keys.put(keyId, this.key);
        for (byte[] old : previous) {
            keys.putIfAbsent(keyId(old), aes(old, PREVIOUS_SETTING));
        }
        this.opening = Collections.unmodifiableMap(keys);
    }

    private static SecretKeySpec aes(byte[] key, String setting) {
        if (key.length != 32) {
            throw new IllegalArgumentException(setting + " must be the base64 of 32 bytes");
        }
        return new SecretKeySpec(key, "AES");
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
        return derive(key, purpose);
    }

    /** The same derived key under every key that opens values, by key id, the current one first. */
    public Map<String, byte[]> deriveEvery(String purpose) {
        Map<String, byte[]> derived = new LinkedHashMap<>();
        opening.forEach((id, each) -> derived.put(id, derive(each, purpose)));
        return derived;
    }

    private static byte[] derive(SecretKeySpec key, String purpose) {
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

    /** The ids of the previous keys, which open and check but never seal. */
    public List<String> previousKeyIds() {
        return new ArrayList<>(opening.keySet()).subList(1, opening.size());
    }

    /** The ids of every key that opens values: the current one first. */
    public List<String> keyIds() {
        return List.copyOf(opening.keySet());
    }

    /** True if the value was sealed by the current key (so re-sealing it would change nothing). */
    public boolean sealedWithCurrentKey(String sealed) {
        return sealed != null && sealed.startsWith(V2 + keyId + ".");
    }

    /**
     * Which key sealed a value, as its id, for messages and audit details (never any of the
     * value itself): {@code "v1"} for the first format, which names no key.
     */
    public static String sealedBy(String sealed) {
        if (sealed != null && sealed.startsWith(V2)) {
            int dot = sealed.indexOf('.', V2.length());
            if (dot > V2.length() && dot < 20) {
                return sealed.substring(V2.length(), dot);
            }
        }
        return sealed != null && sealed.startsWith(V1) ? "v1" : "unknown";
    }

    public static SecretBox fromBase64(String base64) {
        return fromBase64(base64, List.of());
    }

    /** The current key and the previous ones, each the base64 of 32 bytes; a bad one is named by position only. */
    public static SecretBox fromBase64(String base64, List<String> previous) {
        byte[] current = decode(base64, KEY_SETTING);
        List<byte[]> old = new ArrayList<>();
        for (int i = 0; i < previous.size(); i++) {
            old.add(decode(previous.get(i), PREVIOUS_SETTING + " (entry " + (i + 1) + ")"));
        }
        return new SecretBox(current, old);
    }

    private static byte[] decode(String base64, String setting) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(setting + " must be the base64 of 32 bytes");
        }
        return key;
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

    /** The value opened with whichever known key sealed it, sealed again under the current key. */
    public String reseal(String sealed, String purpose) {
        return seal(open(sealed, purpose), purpose);
    }

    public byte[] open(String sealed, String purpose) {
        if (sealed != null && sealed.startsWith(V2) && sealed.indexOf('.', V2.length()) > 0) {
            int dot = sealed.indexOf('.', V2.length());
            String sealedBy = sealed.substring(V2.length(), dot);
            SecretKeySpec with = opening.get(sealedBy);
            if (with == null) {
                throw new IllegalStateException("A sealed secret was sealed with another warden.encryption.key "
                        + "(key id " + sealedBy + "; this one is " + keyId
                        + (opening.size() > 1 ? ", the previous ones " + String.join(", ", previousKeyIds()) : "") + ")");
            }
            return open(with, sealed.substring(dot + 1), purpose).orElseThrow(SecretBox::doesNotOpen);
        }
        if (sealed != null && sealed.startsWith(V1)) {
            String body = sealed.substring(V1.length());
            for (SecretKeySpec each : opening.values()) {
                Optional<byte[]> plain = open(each, body, purpose);
                if (plain.isPresent()) {
                    return plain.get();
                }
            }
            throw doesNotOpen();
        }
        throw new IllegalStateException("Unknown sealed-secret format");
    }

    private static IllegalStateException doesNotOpen() {
        return new IllegalStateException("A sealed secret does not open with warden.encryption.key "
                + "(wrong key, or the data was changed)");
    }

    private static Optional<byte[]> open(SecretKeySpec with, String body, String purpose) {
        try {
            byte[] data = Base64.getDecoder().decode(body);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, with, new GCMParameterSpec(128, data, 0, 12));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return Optional.of(cipher.doFinal(data, 12, data.length - 12));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
