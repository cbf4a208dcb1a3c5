package dev.warden.apikeys.control;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * What an API key looks like: the configured prefix, 256 random bits (43 base62
 * characters, so a double-click selects the whole key) and a 6-character base62
 * checksum (CRC-32 of everything before it). The
 * checksum is not a secret and protects nothing by itself; it lets a mistyped, cut or
 * tampered key be refused without a database read, and lets secret scanners tell a
 * real Warden key from noise. The key's strength is its random part, and only its
 * SHA-256 is stored.
 */
public final class ApiKeyFormat {

    static final int RANDOM_CHARS = 43;
    static final int CHECKSUM_CHARS = 6;
    /** How much of the key the API shows to help a user recognise it (SPEC 5.2). */
    public static final int SHOWN_PREFIX = 8;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;

    public ApiKeyFormat(String prefix) {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_]{1,16}")) {
            throw new IllegalArgumentException("warden.api-keys.prefix must be 1..16 letters, digits or '_'");
        }
        this.prefix = prefix;
    }

    public String generate() {
        StringBuilder body = new StringBuilder(prefix);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            body.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return body + checksum(body.toString());
    }

    /** The key, if it is well-formed for this prefix and its checksum matches; no I/O. */
    public Optional<String> parse(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        String key = presented.strip();
        if (key.length() != prefix.length() + RANDOM_CHARS + CHECKSUM_CHARS || !key.startsWith(prefix)) {
            return Optional.empty();
        }
        for (int i = prefix.length(); i < key.length(); i++) {
            if (ALPHABET.indexOf(key.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        String body = key.substring(0, key.length() - CHECKSUM_CHARS);
        return checksum(body).equals(key.substring(body.length())) ? Optional.of(key) : Optional.empty();
    }

    public static String shownPrefix(String key) {
        return key.substring(0, Math.min(SHOWN_PREFIX, key.length()));
    }

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(digits);
    }
}
