package dev.warden.apikeys.control;

import dev.warden.users.entity.Role;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The static keys of {@code warden.legacy-api-keys}, kept only as SHA-256 digests in
 * memory and compared in constant time against every configured key (no early exit, so
 * timing tells nothing about which key came close). They act with one configured role
 * and as no user. Deprecated: every answer to such a request says so.
 */
public class LegacyApiKeys {

    private final List<byte[]> digests;
    private final Role role;

    public LegacyApiKeys(List<String> keys, Role role) {
        this.digests = keys.stream().map(LegacyApiKeys::digest).toList();
        this.role = role;
    }

    public Role role() {
        return role;
    }

    public boolean matches(String presented) {
        if (presented == null || digests.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(presented.strip());
        boolean found = false;
        for (byte[] known : digests) {
            found |= MessageDigest.isEqual(known, candidate);
        }
        return found;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
