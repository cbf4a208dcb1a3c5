package dev.warden.users.control;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchTermsTest {

    /** What pg_trgm counted in a million users named user0000001..., e-mail userNNNNNNN@example.org. */
    private static final Set<String> NUMBERED = Set.of("use", "ser", "er0", "r00", "exa", "xam", "amp", "mpl", "ple",
            "org", "  u", " us", "  e", " ex", "le ", "  o", " or", "rg ");

    @Test
    void nothingIsLeftOutWithoutStatistics() {
        assertEquals(List.of(), SearchTerms.parts("user0001234", Set.of()));
    }

    @Test
    void aKeyWithoutACommonTrigramIsAskedWhole() {
        assertEquals(List.of(), SearchTerms.parts("john.smith", NUMBERED));
        assertEquals(List.of(), SearchTerms.parts("ab", NUMBERED));
        // "  u" of a username's start is common, but a key's own start borders the wildcard
        assertEquals(List.of(), SearchTerms.parts("uzzz", NUMBERED));
    }

    @Test
    void aCommonTrigramPaddedAtAnInnerWordBorderIsLeftOutToo() {
        // pg_trgm would ask for "le " (the end of "needle", which "example" shares)
        assertEquals(List.of("needle"), SearchTerms.parts("needle-q", NUMBERED));
        // " us" of a word after a dot: "a.user" asks for "  u", " us"
        assertEquals(List.of(), SearchTerms.parts("a.user", NUMBERED));
        assertEquals(List.of("xyz", "uqq"), SearchTerms.parts("xyz.uqq", Set.of("  u")));
    }

    @Test
    void theCommonPrefixOfAFullUsernameIsLeftOut() {
        assertEquals(List.of("0001234"), SearchTerms.parts("user0001234", NUMBERED));
        assertEquals(List.of("000123"), SearchTerms.parts("r000123", NUMBERED));
    }

    @Test
    void everyUncommonStretchIsAskedAndTheSharedDomainIsNot() {
        // the index gets both names (few users have both), never the domain every user has
        assertEquals(List.of("smith", "john"), SearchTerms.parts("john.smith@example.org", NUMBERED));
        assertEquals(List.of("0001234"), SearchTerms.parts("user0001234@example.org", NUMBERED));
    }

    @Test
    void aCommonTrigramInTheMiddleSplitsARun() {
        // "dor" and "rgx" are not common: each stretch keeps them, neither holds "org"
        assertEquals(List.of("abcdor", "rgxyz"), SearchTerms.parts("abcdorgxyz", NUMBERED));
    }

    @Test
    void aKeyOfCommonTrigramsOnlyIsAskedWhole() {
        // a broad search: the planner reads users in their order and stops at a page
        assertEquals(List.of(), SearchTerms.parts("example.org", NUMBERED));
        assertEquals(List.of(), SearchTerms.parts("user", NUMBERED));
    }

    @Test
    void charactersPgTrgmMayNotCountAsWordCharactersEndAStretch() {
        assertEquals(List.of("ller"), SearchTerms.parts("müller@example.org", NUMBERED));
        assertEquals(List.of("12345"), SearchTerms.parts("_user_12345", NUMBERED));
    }

    @Test
    void theLongestPartsAreAskedAndNoneTwice() {
        assertEquals(List.of("abc"), SearchTerms.parts("abc.org.abc", NUMBERED));
        String many = "aaaa.org.bbbbbbb.org.cc1.org.ddd.org.eeeee.org.ffffff.org.gggggggg.org.hhh";
        assertEquals(List.of("gggggggg", "bbbbbbb", "ffffff", "eeeee", "aaaa", "cc1"),
                SearchTerms.parts(many, NUMBERED));
    }

    /** Whatever the key and statistics: parts of it, of word characters, with no common trigram. */
    @Test
    void everyPartIsAStretchOfTheKeyWithoutACommonTrigram() {
        Random random = new Random(14);
        String alphabet = "abo0r1.@-_é";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder key = new StringBuilder();
            for (int i = random.nextInt(24); i > 0; i--) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Set<String> common = Set.of("bo0", "0r1", "aaa", "r1a", "000");
            List<String> parts = SearchTerms.parts(key.toString(), common);
            assertTrue(parts.size() <= SearchTerms.MAX_PARTS, key::toString);
            assertEquals(parts.size(), Set.copyOf(parts).size(), key::toString);
            for (String part : parts) {
                assertTrue(key.indexOf(part) >= 0, key + " " + part);
                assertTrue(part.matches("[a-z0-9]{3,}"), key + " " + part);
                for (int t = 0; t + 3 <= part.length(); t++) {
                    assertFalse(common.contains(part.substring(t, t + 3)), key + " " + part);
                }
            }
            if (!parts.isEmpty()) {
                // the padded trigrams of this test's common set ("0r1"...) are none: only the key's own
                boolean hadCommon = false;
                for (int t = 0; t + 3 <= key.length(); t++) {
                    hadCommon |= common.contains(key.substring(t, t + 3));
                }
                assertTrue(hadCommon, "a key without a common trigram is asked whole: " + key);
            }
        }
    }

    /** What a sample of those million users holds of five-character stretches at 0.1 % or more. */
    private static final Set<String> NUMBERED_GRAMS = Set.of("user0", "ser00", "er000", "34@ex", "4@exa", "@exam",
            "examp", "xampl", "ample", "mple.", "ple.o", "le.or", "e.org");

    @Test
    void aKeyShorterThanAStretchOrOfFrequentStretchesOnlyHasNoGrams() {
        assertEquals(List.of(), SearchTerms.grams("abcd", Set.of()));
        assertEquals(List.of(), SearchTerms.grams("example.org", NUMBERED_GRAMS));
        assertEquals(List.of(), SearchTerms.grams("user000", NUMBERED_GRAMS));
    }

    @Test
    void everyRareStretchOfAShortKeyIsAsked() {
        assertEquals(List.of("r0001", "00012", "00123"), SearchTerms.grams("r000123", NUMBERED_GRAMS));
        assertEquals(List.of("aaaaa"), SearchTerms.grams("aaaaaaa", Set.of()), "a stretch twice is asked once");
    }

    @Test
    void ofALongKeyTheFirstTheLastAndTheMiddleRareStretchAreAsked() {
        // rare: r0001 00012 00123 01234 1234@ 234@e; the domain's stretches every user has are not asked
        assertEquals(List.of("r0001", "234@e", "01234"), SearchTerms.grams("user0001234@example.org", NUMBERED_GRAMS));
        assertEquals(List.of("r0001", "01234", "00123"), SearchTerms.grams("user0001234", NUMBERED_GRAMS));
    }

    @Test
    void aStretchWithACharacterBeyondPrintableAsciiIsNotAsked() {
        assertEquals(List.of("bcdef", "cdefg"), SearchTerms.grams("a\u00e4bcdefg", Set.of()));
        // a character outside the BMP: two UTF-16 units in Java, one character in PostgreSQL
        assertEquals(List.of("cdefg", "defgh"), SearchTerms.grams("ab\ud83d\ude00cdefgh", Set.of()));
        assertEquals(List.of(), SearchTerms.grams("m\u00fcller", Set.of()));
    }

    /** Whatever the key: up to three distinct stretches of it, five printable ASCII characters each, none frequent. */
    @Test
    void everyGramIsARareAsciiStretchOfTheKey() {
        Random random = new Random(12);
        String alphabet = "ab0r1.@-_\u00e9";
        Set<String> frequent = Set.of("aaaaa", "ab0r1", "r1.@-", "00000", "b0b0b");
        for (int round = 0; round < 20_000; round++) {
            StringBuilder key = new StringBuilder();
            for (int i = random.nextInt(24); i > 0; i--) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            List<String> grams = SearchTerms.grams(key.toString(), frequent);
            assertTrue(grams.size() <= SearchTerms.MAX_GRAMS, key::toString);
            assertEquals(grams.size(), Set.copyOf(grams).size(), key::toString);
            boolean anyRare = false;
            for (int t = 0; t + 5 <= key.length(); t++) {
                String stretch = key.substring(t, t + 5);
                anyRare |= stretch.matches("[ -~]{5}") && !frequent.contains(stretch);
            }
            assertEquals(anyRare, !grams.isEmpty(), key::toString);
            for (String gram : grams) {
                assertTrue(key.indexOf(gram) >= 0, key + " " + gram);
                assertTrue(gram.matches("[ -~]{5}"), key + " " + gram);
                assertFalse(frequent.contains(gram), key + " " + gram);
            }
        }
    }
}
