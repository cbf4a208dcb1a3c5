package dev.warden.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SPEC 6: every kind of forged or altered token is refused with 401, checked through a
 * protected endpoint. Each forgery differs from a genuine token in one respect only;
 * the first test proves that a token built this way without the flaw is accepted.
 */
class ForgedTokenIT extends WardenIT {

    private Api.TestUser user;
    private JWTClaimsSet genuine;
    private RSAKey key;

    @BeforeEach
    void genuineToken() throws Exception {
        user = api.createUser("viewer");
        genuine = SignedJWT.parse(api.accessToken(user.username(), user.password())).getJWTClaimsSet();
        key = TestKeys.warden();
    }

    private void refused(String token) {
        api.get("/api/v1/auth/me", token).problem(401, "unauthorized");
        api.get("/api/v1/users", token).problem(401, "unauthorized");
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder(genuine).jwtID(UUID.randomUUID().toString());
    }

    @Test
    void theControlTokenBuiltWithTheRealKeyIsAccepted() throws Exception {
        String token = TestKeys.sign(key, UnaryOperator.identity(), claims().build());
        assertEquals(user.id(), api.get("/api/v1/auth/me", token).ok(200).json().getJsonObject("user").getString("id"));
    }

    @Test
    void algNone() throws Exception {
        refused(new PlainJWT(claims().build()).serialize());
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyID() + "\"}").toString();
        refused(header + "." + claims().build().toPayload().toBase64URL() + ".");
    }

    @Test
    void hs256SignedWithThePublicKey() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(pem.getBytes(StandardCharsets.US_ASCII), key.toRSAPublicKey().getEncoded())) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims().build());
            jwt.sign(new MACSigner(secret));
            refused(jwt.serialize());
        }
    }

    @Test
    void aForeignKeyUnderOurKid() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
        refused(TestKeys.sign(foreign, UnaryOperator.identity(), claims().build()));
    }

    /** RS/ES confusion: our RSA key's kid on an ES256 token (signed by a P-256 key of the forger's). */
    @Test
    void anotherAlgorithmUnderOurKid() throws Exception {
        ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(key.getKeyID()).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims().build());
        jwt.sign(new ECDSASigner(foreign));
        refused(jwt.serialize());
    }

    @Test
    void anUnknownKid() throws Exception {
        RSAKey renamed = new RSAKey.Builder(key).keyID("not-" + key.getKeyID()).build();
        refused(TestKeys.sign(renamed, UnaryOperator.identity(), claims().build()));
    }

    @Test
    void noKid() throws Exception {
        refused(TestKeys.sign(key, h -> h.keyID(null), claims().build()));
    }

    @Test
    void editedClaimsBreakTheSignature() throws Exception {
        String token = TestKeys.sign(key, UnaryOperator.identity(), claims().build());
        String[] parts = token.split("\\.");
        String elevated = claims().claim("groups", List.of("admin")).build().toPayload().toBase64URL().toString();
        refused(parts[0] + "." + elevated + "." + parts[2]);
    }

    @Test
    void wrongOrMissingIssuerOrAudience() throws Exception {
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().issuer("evil").build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().issuer(null).build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().audience("someone-else").build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().audience((String) null).build()));
    }

    @Test
    void expiredOrNotYetValidOrIssuedInTheFuture() throws Exception {
        Instant now = Instant.now();
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims()
                .issueTime(Date.from(now.minusSeconds(1200))).expirationTime(Date.from(now.minusSeconds(300))).build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().notBeforeTime(Date.from(now.plusSeconds(600))).build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims()
                .issueTime(Date.from(now.plusSeconds(600))).expirationTime(Date.from(now.plusSeconds(1500))).build()));
    }

    @Test
    void keyLocationHeaders() throws Exception {
        JWK embedded = key.toPublicJWK();
        refused(TestKeys.sign(key, h -> h.jwkURL(URI.create("https://evil.example/jwks.json")), claims().build()));
        refused(TestKeys.sign(key, h -> h.jwk(embedded), claims().build()));
        refused(TestKeys.sign(key, h -> h.x509CertURL(URI.create("https://evil.example/cert.pem")), claims().build()));
    }

    @Test
    void aCertificateChainHeaderOrNoTypeIsRefused() throws Exception {
        com.nimbusds.jose.util.Base64 certificate = com.nimbusds.jose.util.Base64.encode(key.toRSAPublicKey().getEncoded());
        refused(TestKeys.sign(key, h -> h.x509CertChain(List.of(certificate)), claims().build()));
        refused(TestKeys.sign(key, h -> h.type(null), claims().build()));
    }

    @Test
    void theTokenOfADeletedUserIsRefused() throws Exception {
        Api.TestUser doomed = api.createUser("analyst");
        String token = api.accessToken(doomed.username(), doomed.password());
        api.get("/api/v1/auth/me", token).ok(200);
        api.delete("/api/v1/users/" + doomed.id(), api.adminToken()).ok(204);
        refused(token);
    }

    /** Credentials nobody accepts are refused even where none are needed: the client must learn its token is dead. */
    @Test
    void aRevokedTokenIsRefusedOnAnEndpointThatNeedsNone() throws Exception {
        JsonObject tokens = api.tokens(user.username(), user.password());
        String access = tokens.getString("access_token");
        api.post("/api/v1/auth/logout", null, access).ok(204);
        api.post("/api/v1/auth/login", Json.createObjectBuilder().add("username", user.username())
                .add("password", user.password()).build(), access).problem(401, "unauthorized");
        api.login(user.username(), user.password()).ok(200);
    }

    @Test
    void aTokenWithoutALiveSession() throws Exception {
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().claim("sid", UUID.randomUUID().toString()).build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().claim("sid", null).build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().claim("sid", "not-a-session-id").build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().subject(user.username()).build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().subject(UUID.randomUUID().toString()).build()));
    }

    @Test
    void garbageAndOtherSchemes() {
        refused("not.a.jwt");
        refused("");
        api.send("GET", "/api/v1/auth/me", null, null, java.util.Map.of("Authorization", "Basic " +
                Base64.getEncoder().encodeToString((user.username() + ":" + user.password()).getBytes())))
                .problem(401, "unauthorized");
    }

    // ---- issue 15, point 3: RFC 8725 and the jwt_tool playbook ----

    /** Signs exactly this header and payload text with Warden's own key (the forger holding it is the worst case). */
    private String signedText(String headerJson, String payloadJson) throws Exception {
        String input = Base64URL.encode(headerJson) + "." + Base64URL.encode(payloadJson);
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initSign(key.toRSAPrivateKey());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64URL.encode(rsa.sign());
    }

    /** The genuine claims with one member replaced by a value of another JSON type. */
    private String claimsWith(String name, jakarta.json.JsonValue value) {
        JsonObject genuineJson = Json.createReader(new java.io.StringReader(claims().build().toString())).readObject();
        return Json.createObjectBuilder(genuineJson).add(name, value).build().toString();
    }

    private String ourHeader() {
        return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyID() + "\"}";
    }

    @Test
    void theControlTokenBuiltFromTextIsAccepted() throws Exception {
        String token = signedText(ourHeader(), claims().build().toString());
        api.get("/api/v1/auth/me", token).ok(200);
    }

    @Test
    void algNoneInEverySpellingWithAndWithoutASignature() throws Exception {
        String payload = claims().build().toPayload().toBase64URL().toString();
        String signature = TestKeys.sign(key, UnaryOperator.identity(), claims().build()).split("\\.")[2];
        for (String alg : List.of("none", "None", "NONE", "nOnE", "")) {
            String header = Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\""
                    + key.getKeyID() + "\"}").toString();
            refused(header + "." + payload + ".");
            refused(header + "." + payload + "." + signature);
        }
        String noAlg = Base64URL.encode("{\"typ\":\"JWT\",\"kid\":\"" + key.getKeyID() + "\"}").toString();
        refused(noAlg + "." + payload + "." + signature);
    }

    @Test
    void everyHmacWithThePublicKeyAsSecret() throws Exception {
        byte[] der = key.toRSAPublicKey().getEncoded();
        byte[] jwk = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            for (byte[] secret : List.of(der, jwk)) {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID()).build(), claims().build());
                jwt.sign(new MACSigner(secret));
                refused(jwt.serialize());
            }
        }
    }

    @Test
    void injectedKids() throws Exception {
        byte[] nothing = new byte[64]; // what /dev/null or an empty row would give as a secret
        for (String kid : List.of("../../../../../../dev/null", "/dev/null", "' OR '1'='1", "x' UNION SELECT 'a",
                key.getKeyID() + "' --", "|/usr/bin/id", "%00", "")) {
            refused(TestKeys.sign(key, h -> h.keyID(kid), claims().build()));
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
                    .keyID(kid).build(), claims().build());
            jwt.sign(new MACSigner(nothing));
            refused(jwt.serialize());
        }
        assertEquals(1L, ((Number) WardenServer.queryValue("select count(*) from signing_keys where kid = ?",
                key.getKeyID())).longValue(), "the signing keys are as they were");
    }

    @Test
    void criticalHeadersAreRefusedEvenWhenSignedByUs() throws Exception {
        refused(signedText("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyID()
                + "\",\"crit\":[\"exp\"]}", claims().build().toString()));
        refused(signedText("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyID()
                + "\",\"crit\":[\"x-policy\"],\"x-policy\":\"allow-all\"}", claims().build().toString()));
        refused(signedText("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyID()
                + "\",\"crit\":[]}", claims().build().toString()));
    }

    @Test
    void namesTwiceInTheHeaderOrTheClaimsAreRefusedEvenWhenSignedByUs() throws Exception {
        Api.TestUser admin = api.createUser("admin");
        String claims = claims().build().toString();
        // the same subject twice, then a second subject (which one counts differs between parsers)
        refused(signedText(ourHeader(), claims.substring(0, claims.length() - 1) + ",\"sub\":\"" + user.id() + "\"}"));
        refused(signedText(ourHeader(), claims.substring(0, claims.length() - 1) + ",\"sub\":\"" + admin.id() + "\"}"));
        refused(signedText(ourHeader(), claims.substring(0, claims.length() - 1) + ",\"groups\":[\"admin\"]}"));
        refused(signedText("{\"alg\":\"RS256\",\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyID() + "\"}",
                claims));
        refused(signedText("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"nobody\",\"kid\":\"" + key.getKeyID() + "\"}",
                claims));
    }

    @Test
    void nestedJwtsAreRefused() throws Exception {
        String inner = TestKeys.sign(key, UnaryOperator.identity(), claims().build());
        refused(signedText("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"cty\":\"JWT\",\"kid\":\"" + key.getKeyID() + "\"}",
                "\"" + inner + "\""));
        JWSObject outer = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .contentType("JWT").keyID(key.getKeyID()).build(), new Payload(inner));
        outer.sign(new RSASSASigner(key));
        refused(outer.serialize());
        refused(TestKeys.sign(key, h -> h.contentType("JWT"), claims().build()));
    }

    @Test
    void oversizedTokensAreRefusedEvenWhenSignedByUs() throws Exception {
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims().claim("pad", "x".repeat(5_000)).build()));
        refused(TestKeys.sign(key, UnaryOperator.identity(), claims()
                .claim("groups", java.util.Collections.nCopies(1_000, "viewer")).build()));
        // and the header limit of the container answers a 60 KB one as a problem too
        api.get("/api/v1/auth/me", "e" + "x".repeat(60_000)).problem(401, "unauthorized");
    }

    @Test
    void claimsOfTheWrongTypeAreRefusedEvenWhenSignedByUs() throws Exception {
        long exp = genuine.getExpirationTime().getTime() / 1000;
        refused(signedText(ourHeader(), claimsWith("exp", Json.createValue(String.valueOf(exp)))));
        refused(signedText(ourHeader(), claimsWith("iat", Json.createValue("yesterday"))));
        refused(signedText(ourHeader(), claimsWith("groups", Json.createValue("viewer"))));
        refused(signedText(ourHeader(), claimsWith("groups", Json.createArrayBuilder()
                .add(Json.createArrayBuilder().add("admin")).build())));
        refused(signedText(ourHeader(), claimsWith("sub", Json.createArrayBuilder().add(user.id()).build())));
        refused(signedText(ourHeader(), claimsWith("sid", Json.createObjectBuilder()
                .add("id", genuine.getStringClaim("sid")).build())));
        refused(signedText(ourHeader(), claimsWith("aud", Json.createValue(42))));
        // the same, with the types right, passes: only the type was wrong
        api.get("/api/v1/auth/me", signedText(ourHeader(), claimsWith("exp", Json.createValue(exp)))).ok(200);
    }

    @Test
    void noOtherKindOfTokenIsABearerTokenAndABearerTokenIsNoOtherKind() throws Exception {
        JsonObject tokens = api.tokens(user.username(), user.password());
        String access = tokens.getString("access_token");
        String refresh = tokens.getString("refresh_token");
        String apiKey = api.createKey(access, "confusion").getString("api_key");
        refused(refresh);
        refused(apiKey);
        api.post("/api/v1/auth/forgot-password", Json.createObjectBuilder().add("email", user.email()).build(), null).ok(202);
        // after the notice of the key just made
        String reset = Mailbox.token(Mailbox.awaitSubject(user.email(), "Reset your Warden password"), "reset-password");
        refused(reset);

        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", access).build(), null)
                .problem(401, "refresh_token_invalid");
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", apiKey).build(), null)
                .problem(401, "refresh_token_invalid");
        api.withKey("GET", "/api/v1/auth/me", null, access).problem(401, "unauthorized");
        api.withKey("GET", "/api/v1/auth/me", null, refresh).problem(401, "unauthorized");
        // the reset endpoint: an access token is too long to be a reset token, a refresh token unknown (SPEC 4)
        api.post("/api/v1/auth/reset-password", Json.createObjectBuilder().add("token", access)
                .add("new_password", "Never#Used-2026x").build(), null).problem(400, "validation_failed");
        api.post("/api/v1/auth/reset-password", Json.createObjectBuilder().add("token", refresh)
                .add("new_password", "Never#Used-2026x").build(), null).problem(400, "invalid_token");
        // every genuine token still does its own job afterwards
        api.get("/api/v1/auth/me", access).ok(200);
        api.withKey("GET", "/api/v1/auth/me", null, apiKey).ok(200);
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", refresh).build(), null).ok(200);
    }
}
