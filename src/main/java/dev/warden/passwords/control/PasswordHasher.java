package dev.warden.passwords.control;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.BCryptFormatter;
import at.favre.lib.crypto.bcrypt.Radix64Encoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;

/**
 * bcrypt without its 72-byte limit. A password is NFKC-normalised, hashed whole with
 * SHA-384 and the Base64 of that digest (64 bytes) goes to bcrypt, so two long
 * passwords that share their first 72 bytes never match. Stored as
 * {@code bcrypt-sha384:$2b$<cost>$...}.
 * <p>
 * Plain {@code $2a$}, {@code $2b$} and {@code $2y$} hashes made by other systems are
 * verified as they were made (the password's UTF-8 bytes, as typed, up to 72 bytes) and
 * report {@link #needsRehash} so that the first successful login upgrades them.
 */
public class PasswordHasher {

    public static final String SCHEME = "bcrypt-sha384:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int cost;
    /**
     * What logins of names that match nobody are checked against: a well-formed hash at the
     * configured cost whose salt and digest are random bytes. Checking a password against it
     * is the same work as against a real hash (bcrypt runs {@code 2^cost} rounds with the
     * salt it reads, then compares), and no password matches it. Made without running
     * bcrypt, so a start spends no ~280 ms of a core on it.
     */
    private final String dummyHash;

    public PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("warden.password.bcrypt-cost must be 4..31");
        }
        this.cost = cost;
        this.dummyHash = randomHash(cost);
    }

    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    public String hash(String password) {
        byte[] hash = BCrypt.with(BCrypt.Version.VERSION_2B, RANDOM,
                at.favre.lib.crypto.bcrypt.LongPasswordStrategies.strict(BCrypt.Version.VERSION_2B)).hash(cost, prehash(password));
        return SCHEME + new String(hash, StandardCharsets.US_ASCII);
    }

    public boolean verify(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        if (stored.startsWith(SCHEME)) {
            return BCrypt.verifyer().verify(prehash(password),
                    stored.substring(SCHEME.length()).getBytes(StandardCharsets.US_ASCII)).verified;
        }
        if (isLegacyBcrypt(stored)) {
            byte[] raw = password.getBytes(StandardCharsets.UTF_8);
            if (raw.length > 72) {
                return false; // the other system truncated; we do not guess which prefix it kept
            }
            return BCrypt.verifyer().verify(raw, stored.getBytes(StandardCharsets.US_ASCII)).verified;
        }
        return false;
    }

    /** Spends the same work as a real check, for logins of names that match nobody. */
    public void verifyDummy(String password) {
        verify(password == null ? "" : password, dummyHash);
    }

    /** A hash in Warden's format at {@code cost} with a random salt and a random digest. */
    static String randomHash(int cost) {
        byte[] salt = new byte[16];
        byte[] digest = new byte[23];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(digest);
        byte[] message = new BCryptFormatter.Default(new Radix64Encoder.Default(), StandardCharsets.US_ASCII)
                .createHashMessage(new BCrypt.HashData(cost, BCrypt.Version.VERSION_2B, salt, digest));
        return SCHEME + new String(message, StandardCharsets.US_ASCII);
    }

    /**
     * Whether checking this hash takes less work than the configured cost (an imported or
     * older hash): the check is then padded with a dummy one, so that how long a refusal
     * takes tells nothing about whether or how the account exists.
     */
    public boolean cheaperThanConfigured(String stored) {
        try {
            return costOfStored(stored) < cost;
        } catch (RuntimeException unreadable) {
            return true;
        }
    }

    public boolean needsRehash(String stored) {
        if (stored == null || !stored.startsWith(SCHEME)) {
            return true;
        }
        return costOf(stored.substring(SCHEME.length())) < cost;
    }

    public static boolean isLegacyBcrypt(String stored) {
        return stored != null && stored.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    }

    /** A hash another system (or another Warden) made that this hasher can verify. */
    public static boolean isImportable(String stored) {
        return isLegacyBcrypt(stored)
                || (stored != null && stored.startsWith(SCHEME) && stored.substring(SCHEME.length()).matches(
                "\\$2b\\$\\d\\d\\$[./A-Za-z0-9]{53}"));
    }

    /** The bcrypt cost of a stored hash of either kind. */
    public static int costOfStored(String stored) {
        return costOf(stored.startsWith(SCHEME) ? stored.substring(SCHEME.length()) : stored);
    }

    static int costOf(String bcrypt) {
        try {
            return Integer.parseInt(bcrypt.substring(4, 6));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static byte[] prehash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-384")
                    .digest(normalize(password).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
