package dev.warden.passwords.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The shipped list of common passwords (see the NOTICE beside it), compared ignoring case.
 * Kept as the sorted 64-bit FNV-1a hashes of the lower-cased entries: 8 bytes an entry
 * (~1.1 MB for the list) instead of a set of strings (8 MB of heap measured), looked up by
 * binary search. A password that is not on the list matches an entry's hash by chance
 * about once in 10^14 checks, and would only be refused as common (someone who crafts a
 * collision only gets their own password refused), so no cryptographic hash is needed:
 * SHA-256 doubled the load (~120 against ~60 ms on a cold JVM, on the first start's path).
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
            long[] hashes = new long[200_000];
            int count = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    if (count == hashes.length) {
                        hashes = Arrays.copyOf(hashes, count * 2);
                    }
                    hashes[count++] = hash(line);
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
        return Arrays.binarySearch(hashes, hash(password)) >= 0;
    }

    /** How many distinct entries (ignoring case) the list holds. */
    public int size() {
        return hashes.length;
    }

    /** 64-bit FNV-1a over the lower-cased entry's UTF-16 code units. */
    static long hash(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < lower.length(); i++) {
            hash ^= lower.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
