package dev.warden.twofactor.control;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TotpTest {

    private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final long[] TIMES = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};

    /** RFC 6238 Appendix B, SHA-1: Warden's 6-digit codes are the last six digits of the 8-digit values. */
    @Test
    void rfc6238AppendixBSha1() {
        String[] expected = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        for (int i = 0; i < TIMES.length; i++) {
            assertEquals(expected[i].substring(2), Totp.code(SEED_SHA1, Totp.step(Instant.ofEpochSecond(TIMES[i]))),
                    "T = " + TIMES[i]);
        }
    }

    /** The same appendix in full (8 digits, SHA-1/256/512) through the library Warden uses. */
    @Test
    void rfc6238AppendixBAllAlgorithms() throws Exception {
        Object[][] vectors = {
                {"HmacSHA1", "12345678901234567890",
                        new String[]{"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"}},
                {"HmacSHA256", "12345678901234567890123456789012",
                        new String[]{"46119246", "68084774", "67062674", "91819424", "90698825", "77737706"}},
                {"HmacSHA512", "1234567890123456789012345678901234567890123456789012345678901234",
                        new String[]{"90693936", "25091201", "99943326", "93441116", "38618901", "47863826"}}};
        for (Object[] vector : vectors) {
            TimeBasedOneTimePasswordGenerator generator =
                    new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 8, (String) vector[0]);
            SecretKeySpec key = new SecretKeySpec(((String) vector[1]).getBytes(StandardCharsets.US_ASCII), (String) vector[0]);
            String[] expected = (String[]) vector[2];
            for (int i = 0; i < TIMES.length; i++) {
                assertEquals(expected[i], generator.generateOneTimePasswordString(key, Instant.ofEpochSecond(TIMES[i]),
                        Locale.ROOT), vector[0] + " T = " + TIMES[i]);
            }
        }
    }

    /** RFC 4226 Appendix D: HOTP of counters 0 to 9 is TOTP of steps 0 to 9. */
    @Test
    void rfc4226AppendixD() {
        String[] expected = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
                "520489"};
        for (int counter = 0; counter < expected.length; counter++) {
            assertEquals(expected[counter], Totp.code(SEED_SHA1, counter), "counter " + counter);
        }
    }

    @Test
    void aCodeOfTheStepBeforeOrAfterMatchesThatStepAndNothingElseMatches() {
        Instant now = Instant.ofEpochSecond(1_700_000_015L);
        long step = Totp.step(now);
        for (long candidate = step - 1; candidate <= step + 1; candidate++) {
            OptionalLong matched = Totp.matchingStep(SEED_SHA1, Totp.code(SEED_SHA1, candidate), now);
            assertEquals(candidate, matched.orElseThrow());
        }
        assertFalse(Totp.matchingStep(SEED_SHA1, Totp.code(SEED_SHA1, step + 2), now).isPresent(), "two steps ahead");
        assertFalse(Totp.matchingStep(SEED_SHA1, Totp.code(SEED_SHA1, step - 2), now).isPresent(), "two steps behind");
        for (String bad : new String[]{null, "", "12345", "1234567", "12345a", "١٢٣٤٥٦", " 12345"}) {
            assertFalse(Totp.matchingStep(SEED_SHA1, bad, now).isPresent(), "'" + bad + "'");
        }
        assertTrue(Totp.wellFormed("000000"));
    }
}
