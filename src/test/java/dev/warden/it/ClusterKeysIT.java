package dev.warden.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.warden.it.Cluster.a;
import static dev.warden.it.Cluster.api;
import static dev.warden.it.Cluster.b;
import static dev.warden.it.Cluster.queryValue;
import static dev.warden.it.Cluster.update;
import static dev.warden.it.Cluster.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing keys in a cluster: a rotation on either instance is used by the next login on
 * both, tokens of the previous key verify on both until it retires, and switching B to
 * ES256 (last, as it restarts B) is a rotation for the cluster. The last of the
 * {@code Cluster*IT} classes: it stops both instances when done, so that their logs are
 * kept before SecretsInLogsIT reads them.
 */
@ExtendWith(Cluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(Integer.MAX_VALUE - 1)
class ClusterKeysIT {

    private static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    private static JWSAlgorithm algorithm(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getAlgorithm();
    }

    private static List<String> jwksKids(Instance server) {
        return server.api().get("/.well-known/jwks.json", null).ok(200).json().getJsonArray("keys")
                .getValuesAs(JsonObject.class).stream().map(key -> key.getString("kid")).toList();
    }

    private static long activeKeys() throws Exception {
        return (Long) queryValue("select count(*) from signing_keys where activated_at is not null and retired_at is null");
    }

    @Test
    void aRotationOnAIsUsedByBsNextLoginAndBothVerifyTheOldKeysTokens() throws Exception {
        Api.TestUser user = user();
        String before = api(a).accessToken(user.username(), user.password());
        String admin = api(a).adminToken();
        JsonObject rotated = api(a).post("/api/v1/system/signing-keys/rotate", null, admin).ok(200).json();
        String kid = rotated.getString("kid");
        assertNotEquals(kid(before), kid);
        assertEquals("RS256", rotated.getString("algorithm"));
        assertFalse(java.time.Instant.parse(rotated.getString("activated_at"))
                .isBefore(java.time.Instant.parse(rotated.getString("created_at"))));

        String after = api(b).accessToken(user.username(), user.password());
        assertEquals(kid, kid(after), "B's next login signs with the key rotated on A");
        for (Instance server : List.of(a, b)) {
            server.api().get("/api/v1/auth/me", before).ok(200);
            server.api().get("/api/v1/auth/me", after).ok(200);
            List<String> kids = jwksKids(server);
            assertTrue(kids.contains(kid(before)) && kids.contains(kid), "old and new key published: " + kids);
        }
        // The next standby, made by the rotation on A, reaches B's JWKS at its next re-read of the keys.
        String standby = (String) queryValue("select kid from signing_keys where activated_at is null and retired_at is null");
        long deadline = System.currentTimeMillis() + 5_000;
        while (!jwksKids(b).contains(standby) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        for (Instance server : List.of(a, b)) {
            assertTrue(jwksKids(server).containsAll(List.of(kid(before), kid, standby)),
                    "the retired, the active and the next standby key: " + jwksKids(server));
        }
        assertEquals(1, activeKeys());
        JsonObject event = api(a).get("/api/v1/audit-events?type=signing_key_rotated&size=100", admin).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(e -> kid.equals(e.getJsonObject("details").getString("kid"))).findFirst().orElseThrow();
        assertEquals(kid(before), event.getJsonObject("details").getString("previous_kid"));
        assertEquals("RS256", event.getJsonObject("details").getString("algorithm"));
        assertEquals(api(a).get("/api/v1/auth/me", admin).ok(200).json().getJsonObject("user").getString("id"),
                event.getString("actor_id"));
    }

    /** Two rotations at once, one on each instance: both answer, one after the other, and one key is active. */
    @Test
    void concurrentRotationsOnBothInstancesLeaveExactlyOneActiveKey() throws Exception {
        Api.TestUser user = user();
        String before = api(b).accessToken(user.username(), user.password());
        String adminA = api(a).adminToken();
        String adminB = api(b).adminToken();
        CompletableFuture<Api.Reply> onA = CompletableFuture.supplyAsync(
                () -> api(a).post("/api/v1/system/signing-keys/rotate", null, adminA));
        CompletableFuture<Api.Reply> onB = CompletableFuture.supplyAsync(
                () -> api(b).post("/api/v1/system/signing-keys/rotate", null, adminB));
        String first = onA.get().ok(200).json().getString("kid");
        String second = onB.get().ok(200).json().getString("kid");
        assertNotEquals(first, second, "each rotation made its own key active");
        assertEquals(1, activeKeys());
        String active = (String) queryValue("select kid from signing_keys where activated_at is not null and retired_at is null");
        assertTrue(active.equals(first) || active.equals(second));
        String after = api(a).accessToken(user.username(), user.password());
        assertEquals(active, kid(after));
        for (Instance server : List.of(a, b)) {
            server.api().get("/api/v1/auth/me", before).ok(200);
            server.api().get("/api/v1/auth/me", after).ok(200);
        }
    }

    /**
     * A retired key leaves the JWKS once the access-token lifetime (plus the clock margin)
     * has passed since its retirement; here that time is made to have passed by dating the
     * retirement back. Both instances then refuse what it signed within their re-read
     * interval plus Payara's key cache.
     */
    @Test
    void aRetiredKeyLeavesTheJwksOfBothOnceItsTokensHaveExpired() throws Exception {
        Api.TestUser user = user();
        String old = api(a).accessToken(user.username(), user.password());
        String oldKid = kid(old);
        api(a).post("/api/v1/system/signing-keys/rotate", null, api(a).adminToken()).ok(200);
        api(b).get("/api/v1/auth/me", old).ok(200);
        update("update signing_keys set retired_at = now() - interval '16 minutes' where kid = ?", oldKid);
        long deadline = System.currentTimeMillis() + 10_000;
        while ((jwksKids(a).contains(oldKid) || jwksKids(b).contains(oldKid)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1_500); // Payara's own cache of the keys (publicKey.cache.ttl)
        for (Instance server : List.of(a, b)) {
            assertFalse(jwksKids(server).contains(oldKid));
            server.api().get("/api/v1/auth/me", old).problem(401, "unauthorized");
        }
        String fresh = api(b).accessToken(user.username(), user.password());
        api(a).get("/api/v1/auth/me", fresh).ok(200);
    }

    /**
     * Restarting B with warden.jwt.algorithm=ES256 rotates the cluster to a P-256 key (B
     * waits until A knows it): A's next login signs ES256 too, both verify it with
     * MicroProfile JWT, and RS256 tokens issued before stay valid on both. Last, as it
     * leaves the cluster on ES256.
     * <p>
     * The same restart is the second step of an encryption-key rotation (README, "Rotating
     * the encryption key"): both instances ran with the next key listed in
     * warden.encryption.previous-keys; B comes back with it as warden.encryption.key and
     * the old one listed, and seals every signing key and TOTP secret again under it. A,
     * not restarted, opens what B sealed: the TOTP secret of a user enrolled before, and
     * the new ES256 signing key B made, with which A then signs.
     * <p>
     * B also comes back with warden.jwt.native-signing=false: A signs ES256 through the
     * native provider, B with Java, and both verify what the other signed.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void switchingToEs256AndToANewEncryptionKeyOnBKeepsBothInstancesWorking() throws Exception {
        Api.TestUser user = user();
        String rs = api(a).accessToken(user.username(), user.password());
        assertEquals(JWSAlgorithm.RS256, algorithm(rs));
        Api.TestUser enrolled = user();
        String enrolledToken = api(a).accessToken(enrolled.username(), enrolled.password());
        Authenticator app = new Authenticator(api(a).post("/api/v1/users/me/2fa/setup", null, enrolledToken).ok(200)
                .json().getString("otpauth_uri"));
        api(a).post("/api/v1/users/me/2fa/enable", jakarta.json.Json.createObjectBuilder().add("code", app.next()).build(),
                enrolledToken).ok(200);
        String oldId = dev.warden.platform.control.SecretBox.fromBase64(WardenServer.ENCRYPTION_KEY).keyId();
        String newId = dev.warden.platform.control.SecretBox.fromBase64(Cluster.NEXT_ENCRYPTION_KEY).keyId();
        assertEquals("v2." + oldId, queryValue("select substring(secret, 1, 11) from totp_credentials t "
                + "join users u on u.id = t.user_id where u.username = ?", enrolled.username()));

        Cluster.restartB(Map.of("warden.jwt.algorithm", "ES256", "warden.encryption.key", Cluster.NEXT_ENCRYPTION_KEY,
                "warden.encryption.previous-keys", WardenServer.ENCRYPTION_KEY, "warden.jwt.native-signing", "false"));
        assertTrue(b.logText().contains("Rotated the signing key at start-up"), "B rotated at start");
        String admin = api(a).adminToken();
        for (Instance server : List.of(a, b)) {
            JsonObject settings = api(server).get("/api/v1/system/settings", admin).ok(200).json();
            // A signs through the native provider, B (warden.jwt.native-signing=false) with Java: each verifies the other's tokens below
            String signer = settings.getString("token_signer");
            assertEquals(server == a && TestKeys.NATIVE_SIGNER_HERE, signer.startsWith("AmazonCorrettoCryptoProvider"), signer);
            assertEquals(server == a ? "true" : "false", settings.getString("warden.jwt.native-signing"));
            JsonObject ids = settings.getJsonObject("encryption_key_ids");
            assertEquals(server == a ? oldId : newId, ids.getString("current"));
            assertEquals(List.of(server == a ? newId : oldId), ids.getJsonArray("previous")
                    .getValuesAs(jakarta.json.JsonString::getString));
        }
        assertEquals(0L, queryValue("select count(*) from (select private_key v from signing_keys where private_key "
                + "is not null union all select secret from totp_credentials) s where substring(v, 1, 11) <> ?",
                "v2." + newId), "every sealed value under the new encryption key");

        String fromA = api(a).accessToken(user.username(), user.password());
        String fromB = api(b).accessToken(user.username(), user.password());
        for (String token : List.of(fromA, fromB)) {
            assertEquals(JWSAlgorithm.ES256, algorithm(token));
            assertEquals(kid(fromB), kid(token));
        }
        for (Instance server : List.of(a, b)) {
            for (String token : List.of(rs, fromA, fromB)) {
                server.api().get("/api/v1/auth/me", token).ok(200);
            }
            String esKid = kid(fromB);
            JsonObject key = server.api().get("/.well-known/jwks.json", null).ok(200).json().getJsonArray("keys")
                    .getValuesAs(JsonObject.class).stream().filter(k -> k.getString("kid").equals(esKid))
                    .findFirst().orElseThrow();
            assertEquals("EC", key.getString("kty"));
            assertEquals("P-256", key.getString("crv"));
            assertEquals("ES256", key.getString("alg"));
            assertFalse(key.containsKey("d"), "never the private half");
            // the second factor of a user enrolled under the old key, sealed again by B
            JsonObject first = api(server).login(enrolled.username(), enrolled.password()).ok(200).json();
            JsonObject tokens = api(server).post("/api/v1/auth/login/mfa", jakarta.json.Json.createObjectBuilder()
                    .add("mfa_token", first.getString("mfa_token")).add("code", app.next()).build(), null).ok(200).json();
            assertEquals(JWSAlgorithm.ES256, algorithm(tokens.getString("access_token")));
        }
        assertEquals(1, activeKeys());
        assertEquals("ES256", queryValue("select algorithm from signing_keys where activated_at is not null and retired_at is null"));
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        Cluster.stop();
    }
}
