package dev.warden.it;

import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /system/signing-keys/rotate on one instance (SPEC 5.4); what two instances see of
 * a rotation is in ClusterKeysIT.
 */
class SigningKeysIT extends WardenIT {

    private static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    private List<String> published() {
        return api.get("/.well-known/jwks.json", null).ok(200).json().getJsonArray("keys")
                .getValuesAs(JsonObject.class).stream().map(key -> key.getString("kid")).toList();
    }

    @Test
    void theStandbyKeyIsPublishedAheadAndSignsAfterARotationWhileTheOldOneStillVerifies() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String before = api.accessToken(user.username(), user.password());
        String standby = (String) WardenServer.queryValue(
                "select kid from signing_keys where activated_at is null and retired_at is null");
        assertTrue(published().contains(standby), "the next key is in the JWKS before it signs");
        String admin = api.adminToken();

        JsonObject rotated = api.post("/api/v1/system/signing-keys/rotate", null, admin).ok(200).json();
        assertEquals(standby, rotated.getString("kid"), "the standby was promoted");
        assertEquals("RS256", rotated.getString("algorithm"));
        Instant created = Instant.parse(rotated.getString("created_at"));
        assertTrue(created.isBefore(Instant.parse(rotated.getString("activated_at"))));

        String after = api.accessToken(user.username(), user.password());
        assertEquals(standby, kid(after));
        api.get("/api/v1/auth/me", before).ok(200);
        api.get("/api/v1/auth/me", after).ok(200);
        List<String> kids = published();
        assertTrue(kids.contains(kid(before)) && kids.contains(standby), kids.toString());
        String next = (String) WardenServer.queryValue(
                "select kid from signing_keys where activated_at is null and retired_at is null");
        assertTrue(kids.contains(next), "a new standby is published at once: " + kids);
        assertEquals(1L, WardenServer.queryValue(
                "select count(*) from signing_keys where activated_at is not null and retired_at is null"));
        assertEquals(1L, WardenServer.queryValue(
                "select count(*) from signing_keys where kid = ? and retired_at is not null", kid(before)));
    }

    /** Right after one rotation the new standby is seconds old: the next rotation waits, then succeeds. */
    @Test
    void twoRotationsInARowBothSucceedAndTheirKeysDiffer() {
        String admin = api.adminToken();
        String first = api.post("/api/v1/system/signing-keys/rotate", null, admin).ok(200).json().getString("kid");
        String second = api.post("/api/v1/system/signing-keys/rotate", null, admin).ok(200).json().getString("kid");
        assertNotEquals(first, second);
        api.get("/api/v1/auth/me", admin).ok(200);
    }

    @Test
    void aRotationIsAuditedWithoutAnySecret() throws Exception {
        String admin = api.adminToken();
        String kid = api.post("/api/v1/system/signing-keys/rotate", null, admin).ok(200).json().getString("kid");
        JsonObject event = api.get("/api/v1/audit-events?type=signing_key_rotated&size=100", admin).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(e -> kid.equals(e.getJsonObject("details").getString("kid"))).findFirst().orElseThrow();
        assertEquals("success", event.getString("outcome"));
        assertEquals(api.get("/api/v1/auth/me", admin).ok(200).json().getJsonObject("user").getString("id"),
                event.getString("actor_id"));
        assertEquals(kid(admin), event.getJsonObject("details").getString("previous_kid"));
        String text = event.toString();
        assertFalse(text.contains("private") || text.contains("\"d\""), "no key material: " + text);
    }

    /** A body cannot choose the key or its algorithm: it is refused, and nothing rotates. */
    @Test
    void onlyAnAdminRotatesWithoutABodyAndARefusalChangesNothing() {
        Api.TestUser analyst = api.createUser("analyst");
        Object active = WardenServer.queryValue(
                "select kid from signing_keys where activated_at is not null and retired_at is null");
        api.post("/api/v1/system/signing-keys/rotate", null, api.accessToken(analyst.username(), analyst.password()))
                .problem(403, "forbidden");
        api.post("/api/v1/system/signing-keys/rotate", null, null).problem(401, "unauthorized");
        api.send("POST", "/api/v1/system/signing-keys/rotate", "application/json",
                "{\"kid\":\"mine\",\"algorithm\":\"HS256\"}", Map.of("Authorization", "Bearer " + api.adminToken()))
                .problem(400, "bad_request");
        assertEquals(active, WardenServer.queryValue(
                "select kid from signing_keys where activated_at is not null and retired_at is null"));
        assertNull(WardenServer.queryValue("select kid from signing_keys where activated_at is not null "
                + "and retired_at is null and kid <> ?", active));
    }
}
