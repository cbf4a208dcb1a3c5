package dev.warden.twofactor.control;

import dev.warden.platform.control.SecretBox;
import dev.warden.platform.problem.WardenException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Backup codes: 10 codes of 8 characters drawn by a CSPRNG from 31 characters that cannot
 * be mistaken for one another (no 0/O, 1/I/L), about 40 bits each. Typed back, case,
 * spaces and dashes do not matter. Stored as HMAC-SHA-256 of user id and code under a key
 * derived from warden.encryption.key (prefixed with its key id), so a copy of the database
 * alone does not allow testing guesses offline.
 */
public final class BackupCodeFormat {

    public static final int COUNT = 10;
    public static final int LENGTH = 8;
    private static final String PURPOSE = "backup-codes";
    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCodeFormat() {
    }

    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        while (codes.size() < COUNT) {
            StringBuilder code = new StringBuilder(LENGTH);
            for (int i = 0; i < LENGTH; i++) {
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            if (!codes.contains(code.toString())) {
                codes.add(code.toString());
            }
        }
        return codes;
    }

    /** The code as stored and compared, or empty if it cannot be one (wrong length or characters). */
    public static Optional<String> normalize(String typed) {
        if (typed == null || typed.length() > 32) {
            return Optional.empty();
        }
        String code = typed.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (code.length() != LENGTH || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(code);
    }

    /**
     * A request that proves the second factor sends either a code (its 6 digits checked by
     * Bean Validation) or a backup code of the right shape, not both and not neither: 400
     * validation_failed otherwise, before anything is looked up or counted.
     */
    public static void requireEither(String code, String backupCode) {
        if ((code == null) == (backupCode == null)) {
            throw WardenException.invalid(code == null ? "code" : "backup_code",
                    "send either code or backup_code, not both and not neither");
        }
        if (backupCode != null && normalize(backupCode).isEmpty()) {
            throw WardenException.invalid("backup_code", "must be a backup code: 8 letters and digits");
        }
    }

    /** The stored form of a normalized code of this user, keyed with the current key. */
    public static String hash(SecretBox box, UUID userId, String code) {
        return hash(box.keyId(), box.derive(PURPOSE), userId, code);
    }

    /**
     * What the code would be stored as under each key that opens values (the current one and
     * {@code warden.encryption.previous-keys}): codes made before a rotation cannot be keyed
     * again (nobody keeps them), so they are checked under the key they were made with.
     */
    public static List<String> hashes(SecretBox box, UUID userId, String code) {
        List<String> hashes = new ArrayList<>();
        box.deriveEvery(PURPOSE).forEach((keyId, key) -> hashes.add(hash(keyId, key, userId, code)));
        return hashes;
    }

    private static String hash(String keyId, byte[] key, UUID userId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((userId + ":" + code).getBytes(StandardCharsets.US_ASCII));
            return keyId + ":" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
