package dev.warden.users.control;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which parts of a user search the indexes should be asked for (PostgreSQL, issue 14).
 * <p>
 * First choice, {@link #grams}: up to three five-character stretches of the key that few
 * users have, for the stretch index of V12_2. Among names that differ only in a few digits
 * ({@code user0000001}...) every trigram of a search for one of them is held by thousands of
 * users, where its five-character stretches are held by dozens. Otherwise, {@link #parts}:
 * <p>
 * The index answers {@code LIKE '%term%'} by intersecting the posting lists of the term's
 * trigrams, and it reads every list whole that is not the rarest: a trigram most users share
 * ({@code use}, {@code com}, {@code exa} of a company's one domain) costs a read of a list as
 * long as the users table for every search that contains it, however few users match. At a
 * million users named {@code user0000001}... a search for one full username read ~850 index
 * pages (~12 ms) to find one row. So the search asks the index only for the parts of the term
 * between such common trigrams, and checks the whole term on the few rows those parts find:
 * the answer is the same, the common lists are never read.
 * <p>
 * A part is a stretch of {@code [a-z0-9]} (characters pg_trgm treats as word characters in
 * every locale; a search key is lower case) whose trigrams are all uncommon; inside a
 * {@code LIKE '%part%'} pg_trgm takes exactly those trigrams and no padded ones. The whole
 * key is asked as it is when none of the trigrams pg_trgm would take from it, padded ones
 * at its inner word borders included, is common.
 */
public final class SearchTerms {

    /** Parts asked of the index at most: the longest ones. */
    static final int MAX_PARTS = 6;
    /** The length of a stretch in the index of V12_2 (warden_search_grams). */
    static final int GRAM = 5;
    /** Stretches asked of that index at most: the first, the last and the middle rare one. */
    static final int MAX_GRAMS = 3;

    private SearchTerms() {
    }

    /**
     * The five-character stretches of {@code key} to ask the stretch index for: up to
     * {@value #MAX_GRAMS} that are not {@code frequent}, the first, the last and the middle one
     * of the key (apart, their posting lists share fewer rows); empty when the key has none.
     * <p>
     * Only stretches of printable ASCII are taken. PostgreSQL cuts the searched text into
     * characters, Java into UTF-16 units, and a database in the SQL_ASCII encoding into
     * bytes; a stretch of ASCII characters is five of each, so it is among the index's
     * stretches of every text that contains the key, whatever surrounds it.
     */
    public static List<String> grams(String key, Set<String> frequent) {
        List<String> rare = new ArrayList<>();
        for (int i = 0; i + GRAM <= key.length(); i++) {
            String gram = key.substring(i, i + GRAM);
            if (gram.chars().allMatch(c -> c >= ' ' && c <= '~') && !frequent.contains(gram) && !rare.contains(gram)) {
                rare.add(gram);
            }
        }
        if (rare.size() <= MAX_GRAMS) {
            return List.copyOf(rare);
        }
        return List.of(rare.get(0), rare.get(rare.size() - 1), rare.get(rare.size() / 2));
    }

    /**
     * The parts of {@code key} to ask the trigram index for, longest first; empty when the whole key
     * should be asked as it is: no trigram of it is common (nothing to leave out), or every one
     * is (a broad search the planner answers by reading users in order).
     */
    public static List<String> parts(String key, Set<String> common) {
        if (common.isEmpty()) {
            return List.of();
        }
        Set<String> parts = new LinkedHashSet<>();
        boolean leftOut = false;
        int i = 0;
        while (i < key.length()) {
            if (!wordChar(key.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < key.length() && wordChar(key.charAt(end))) {
                end++;
            }
            String run = key.substring(i, end);
            addParts(run, common, parts);
            // what pg_trgm asks the index for: the word's trigrams, padded where a character
            // of the key, not the wildcard, borders it ("needle-q" asks for "le ", which
            // every "example" has)
            String padded = (i > 0 ? "  " : "") + run + (end < key.length() ? " " : "");
            for (int t = 0; t + 3 <= padded.length(); t++) {
                leftOut |= common.contains(padded.substring(t, t + 3));
            }
            i = end;
        }
        if (!leftOut || parts.isEmpty()) {
            return List.of();
        }
        List<String> longestFirst = new ArrayList<>(parts);
        longestFirst.sort((a, b) -> b.length() - a.length());
        return List.copyOf(longestFirst.subList(0, Math.min(MAX_PARTS, longestFirst.size())));
    }

    /** Adds the stretches of {@code run} between its common trigrams. */
    private static void addParts(String run, Set<String> common, Set<String> parts) {
        int start = -1; // the first trigram of the stretch being read
        for (int t = 0; t + 3 <= run.length(); t++) {
            if (common.contains(run.substring(t, t + 3))) {
                if (start >= 0) {
                    parts.add(run.substring(start, t + 2));
                    start = -1;
                }
            } else if (start < 0) {
                start = t;
            }
        }
        if (start >= 0) {
            parts.add(run.substring(start));
        }
    }

    private static boolean wordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
