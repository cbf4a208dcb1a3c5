package dev.warden.passwords.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The shipped list of common passwords (see the NOTICE beside it), compared ignoring case.
 * Kept as the sorted first 64 bits of each lower-cased entry's SHA-256: 8 bytes an entry
 * (~1.1 MB for the list) instead of a set of strings (~10 MB of heap), looked up by binary
 * search. A password that is not on the list matches an entry's 64 bits with a chance of
 * about one in 10^14 per check, and would only be refused as common.
 */
public final class CommonPasswords {

    static final String RESOURCE = "/dev/warden/passwords/common-passwords.txt";

    private final long[] hashes;

    private CommonPasswords(long[] hashes) {
        this.hashes = hashes;
    }

    public static CommonPasswords load() {
        try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            MessageDigest sha256 = sha256();
            long[] hashes = new long[200_000];
            int count = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    if (count == hashes.length) {
                        hashes = Arrays.copyOf(hashes, count * 2);
                    }
                    hashes[count++] = hash(sha256, line);
                }
            }
            Arrays.sort(hashes, 0, count);
            int distinct = 0;
            for (int i = 0; i < count; i++) {
                if (distinct == 0 || hashes[i] != hashes[distinct - 1]) {
                    hashes[distinct++] = hashes[i];
                }
            }
            return new CommonPasswords(Arrays.copyOf(hashes, distinct));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean contains(String password) {
        return Arrays.binarySearch(hashes, hash(sha256(), password)) >= 0;
    }

    /** How many distinct entries (ignoring case) the list holds. */
    public int size() {
        return hashes.length;
    }

    private static long hash(MessageDigest sha256, String entry) {
        return ByteBuffer.wrap(sha256.digest(entry.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
