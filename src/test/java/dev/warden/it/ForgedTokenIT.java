package dev.warden.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
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
}
