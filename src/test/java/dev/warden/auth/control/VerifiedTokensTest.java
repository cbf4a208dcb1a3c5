package dev.warden.auth.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Warden's own shape rules for a token's header and claims (issue 15, point 3). */
class VerifiedTokensTest {

    private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}";
    private static final String CLAIMS = "{\"iss\":\"warden\",\"aud\":\"warden\",\"sub\":\"u\",\"upn\":\"ann\","
            + "\"groups\":[\"viewer\"],\"jti\":\"j\",\"sid\":\"s\",\"iat\":1,\"exp\":2}";

    private static String token(String header, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static String claimsWith(String member) {
        return CLAIMS.substring(0, CLAIMS.length() - 1) + "," + member + "}";
    }

    @Test
    void theShapeWardenIssuesIsWellFormed() {
        assertTrue(VerifiedTokens.wellFormed(token(HEADER, CLAIMS)));
        assertTrue(VerifiedTokens.wellFormed(token(HEADER, CLAIMS.replace("\"aud\":\"warden\"", "\"aud\":[\"warden\"]"))));
        assertTrue(VerifiedTokens.wellFormed(token(HEADER, claimsWith("\"nbf\":1"))));
    }

    @Test
    void aMemberNamedTwiceAnywhereIsNot() {
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, claimsWith("\"sub\":\"other\""))));
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, claimsWith("\"sub\":\"u\""))));
        assertFalse(VerifiedTokens.wellFormed(token("{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"k1\"}", CLAIMS)));
    }

    @Test
    void registeredClaimsOfAnotherTypeAreNot() {
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, CLAIMS.replace("\"exp\":2", "\"exp\":\"2\""))));
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, CLAIMS.replace("\"iat\":1,", ""))));
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, CLAIMS.replace("[\"viewer\"]", "\"viewer\""))));
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, CLAIMS.replace("[\"viewer\"]", "[[\"admin\"]]"))));
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, CLAIMS.replace("\"sub\":\"u\"", "\"sub\":1"))));
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, CLAIMS.replace("\"aud\":\"warden\"", "\"aud\":42"))));
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, claimsWith("\"nbf\":\"soon\""))));
        assertFalse(VerifiedTokens.wellFormed(token("{\"alg\":1}", CLAIMS)));
    }

    @Test
    void whatIsNotThreeBase64JsonPartsIsNot() {
        assertFalse(VerifiedTokens.wellFormed("a.b"));
        assertFalse(VerifiedTokens.wellFormed("a.b.c.d"));
        assertFalse(VerifiedTokens.wellFormed("!!!.???.sig"));
        assertFalse(VerifiedTokens.wellFormed(token("[1]", CLAIMS)));
        assertFalse(VerifiedTokens.wellFormed(token(HEADER, "\"a nested token\"")));
    }
}
