package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 4 and 5.2: per-user API keys and legacy static keys, through HTTP. */
class ApiKeysIT extends WardenIT {

    private static final String MINE = "/api/v1/users/me/api-keys";

    /** Moves the login of the token's session this far into the past (as if it had happened then). */
    static void loginAged(String accessToken, int minutes) throws Exception {
        String sid = com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid");
        assertEquals(1, WardenServer.update("update sessions set created_at = created_at - make_interval(mins => ?) "
                + "where id = ?", minutes, java.util.UUID.fromString(sid)));
    }

    /**
     * A key outlasts the session that made it, so a stolen access token must not be able
     * to mint one: creating a key needs a login of the last warden.session.recent-login (5
     * minutes). Refreshing does not renew the login; logging in again does.
     */
    @Test
    void creatingAKeyNeedsARecentLoginNotARefreshedSession() throws Exception {
        Api.TestUser user = api.createUser("analyst");
        JsonObject session = api.tokens(user.username(), user.password());
        String token = session.getString("access_token");
        loginAged(token, 4);
        api.createKey(token, "four minutes after login");
        loginAged(token, 2);
        api.post(MINE, Json.createObjectBuilder().add("key_name", "six minutes after login").build(), token)
                .problem(403, "reauthentication_required");
        String refreshed = api.post("/api/v1/auth/refresh", Json.createObjectBuilder()
                .add("refresh_token", session.getString("refresh_token")).build(), null).ok(200).json()
                .getString("access_token");
        Api.Reply refused = api.post(MINE, Json.createObjectBuilder().add("key_name", "after a refresh").build(),
                refreshed).problem(403, "reauthentication_required");
        assertTrue(refused.json().getString("detail").contains("log in again"), refused.text());
        assertEquals(1, api.get(MINE, refreshed).ok(200).json().getInt("total"), "only the key made in time");
        assertEquals(1L, WardenServer.queryValue("select count(*) from audit_events where type = 'api_key_created' "
                + "and actor_id = ?", java.util.UUID.fromString(user.id())), "a refused step records no creation");
        // what else the aged session does is unaffected
        api.get("/api/v1/auth/me", refreshed).ok(200);
        api.createKey(api.accessToken(user.username(), user.password()), "after a new login");
        assertEquals(2, api.get(MINE, refreshed).ok(200).json().getInt("total"));
        // the owner is told of each key made (it outlasts the session), by name; of no refused one
        assertEquals(List.of("A new API key was created for your Warden account",
                "A new API key was created for your Warden account"), Mailbox.subjects(user.email(), 2));
        List<String> texts = new java.util.ArrayList<>();
        for (jakarta.mail.internet.MimeMessage mail : Mailbox.to(user.email())) {
            texts.add(Mailbox.part(mail, "text/plain"));
        }
        assertTrue(texts.stream().anyMatch(t -> t.contains("\"four minutes after login\""))
                && texts.stream().anyMatch(t -> t.contains("\"after a new login\"")), texts.toString());
        assertTrue(texts.stream().noneMatch(t -> t.contains("after a refresh") || t.contains("six minutes")
                || t.contains("wdn_")), texts.toString());
    }

    @Test
    void aKeyIsShownOnceStoredAsItsSha256AndActsAsItsOwnerWithTheOwnersRole() throws Exception {
        Api.TestUser viewer = api.createUser("viewer");
        String token = api.accessToken(viewer.username(), viewer.password());
        Api.Reply created = api.post(MINE, Json.createObjectBuilder().add("key_name", "ci deploy")
                .add("expires_days", 30).build(), token).ok(201);
        assertEquals("no-store", created.header("Cache-Control"));
        JsonObject body = created.json();
        String key = body.getString("api_key");
        assertTrue(key.startsWith("wdn_"), key);
        assertEquals(key.substring(0, 8), body.getString("key_prefix"));
        assertEquals("ci deploy", body.getString("key_name"));
        assertNotNull(body.getString("expires_at"));
        assertTrue(created.header("Location").endsWith(body.getString("id")));

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha256, WardenServer.queryValue("select key_hash from api_keys where id = ?::uuid", body.getString("id")));
        assertEquals(0L, WardenServer.queryValue("select count(*) from api_keys where key_hash = ? or key_prefix = ?", key, key));

        JsonObject me = api.withKey("GET", "/api/v1/auth/me", null, key).ok(200).json();
        assertEquals(viewer.id(), me.getJsonObject("user").getString("id"));
        assertEquals(List.of("reports:read", "alerts:read"), me.getJsonArray("permissions").getValuesAs(
                v -> ((jakarta.json.JsonString) v).getString()));
        api.withKey("GET", "/api/v1/users", null, key).problem(403, "forbidden");

        JsonObject listed = api.get(MINE, token).ok(200).json();
        assertEquals(1, listed.getInt("total"));
        JsonObject item = listed.getJsonArray("items").getJsonObject(0);
        assertFalse(item.containsKey("api_key"), "a list never shows the key");
        assertFalse(listed.toString().contains(key.substring(8)), "not even in part");
        assertTrue(item.getBoolean("is_active"));
        assertFalse(item.isNull("last_used"), "the use above is recorded");
    }

    @Test
    void aKeyActsWithItsOwnersCurrentRole() {
        Api.TestUser owner = api.createUser("admin");
        String key = api.createKey(api.accessToken(owner.username(), owner.password()), "k").getString("api_key");
        api.withKey("GET", "/api/v1/users", null, key).ok(200);
        api.withKey("GET", "/api/v1/system/settings", null, key).ok(200);

        api.patch("/api/v1/users/" + owner.id(), Json.createObjectBuilder().add("role", "viewer").build(), api.adminToken())
                .ok(200);
        api.withKey("GET", "/api/v1/users", null, key).problem(403, "forbidden");
        assertEquals("viewer", api.withKey("GET", "/api/v1/auth/me", null, key).ok(200).json()
                .getJsonObject("user").getString("role"));
    }

    @Test
    void aKeyWithAnyCharacterChangedOrCutIsRefused() {
        Api.TestUser user = api.createUser("analyst");
        String key = api.createKey(api.accessToken(user.username(), user.password()), "k").getString("api_key");
        api.withKey("GET", "/api/v1/auth/me", null, key).ok(200);
        for (int i : new int[]{4, 20, key.length() - 7, key.length() - 1}) {
            char c = key.charAt(i);
            String flipped = key.substring(0, i) + (c == 'a' ? 'b' : 'a') + key.substring(i + 1);
            api.withKey("GET", "/api/v1/auth/me", null, flipped).problem(401, "unauthorized");
        }
        api.withKey("GET", "/api/v1/auth/me", null, key.substring(0, key.length() - 1)).problem(401, "unauthorized");
        api.withKey("GET", "/api/v1/auth/me", null, "xyz_" + key.substring(4)).problem(401, "unauthorized");
        api.withKey("GET", "/api/v1/auth/me", null, "").problem(401, "unauthorized");
        Api.Reply refused = api.withKey("GET", "/api/v1/auth/me", null, "not-a-key");
        refused.problem(401, "unauthorized");
        assertTrue(refused.header("WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void aRequestWithBothABearerTokenAndAKeyIsRefused() {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        String key = api.createKey(token, "k").getString("api_key");
        api.send("GET", "/api/v1/auth/me", null, null, Map.of("Authorization", "Bearer " + token, "X-API-Key", key))
                .problem(401, "unauthorized");
    }

    @Test
    void expiryIsOneToThreeThousandSixHundredFiftyDaysAndAnExpiredKeyIsRefused() {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        for (JsonValue days : List.of(Json.createValue(0), Json.createValue(3651), Json.createValue("30"),
                Json.createValue(1.5))) {
            api.post(MINE, Json.createObjectBuilder().add("key_name", "bad").add("expires_days", days).build(), token)
                    .problem(400, "validation_failed");
        }
        api.post(MINE, Json.createObjectBuilder().add("key_name", " ").build(), token).problem(400, "validation_failed");
        api.post(MINE, Json.createObjectBuilder().build(), token).problem(400, "validation_failed");
        JsonObject forever = api.createKey(token, "no expiry");
        assertTrue(forever.isNull("expires_at"));
        JsonObject longest = api.post(MINE, Json.createObjectBuilder().add("key_name", "ten years")
                .add("expires_days", 3650).build(), token).ok(201).json();
        String key = longest.getString("api_key");
        api.withKey("GET", "/api/v1/auth/me", null, key).ok(200);

        WardenServer.update("update api_keys set expires_at = now() - interval '1 second' where id = ?::uuid",
                longest.getString("id"));
        api.withKey("GET", "/api/v1/auth/me", null, key).problem(401, "unauthorized");
        JsonObject expired = api.get(MINE, token).ok(200).json().getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).filter(k -> k.getString("id").equals(longest.getString("id")))
                .findFirst().orElseThrow();
        assertFalse(expired.getBoolean("is_active"));
    }

    @Test
    void keyNamesAreUniquePerUserIgnoringCase() {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        api.createKey(token, "Deploy");
        api.post(MINE, Json.createObjectBuilder().add("key_name", "deploy").build(), token).problem(409, "conflict");
        Api.TestUser other = api.createUser("viewer");
        api.createKey(api.accessToken(other.username(), other.password()), "deploy");
    }

    @Test
    void twelveConcurrentCreatesMakeExactlyTheTenAllowed() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        int[] n = {0};
        List<Api.Reply> replies = Parallel.run(12, () -> {
            String name;
            synchronized (n) {
                name = "key-" + n[0]++;
            }
            return api.post(MINE, Json.createObjectBuilder().add("key_name", name).build(), token);
        });
        assertEquals(10, replies.stream().filter(r -> r.status() == 201).count(), replies.toString());
        replies.stream().filter(r -> r.status() != 201).forEach(r -> r.problem(409, "api_key_limit_reached"));
        assertEquals(10L, WardenServer.queryValue("select count(*) from api_keys where user_id = ?::uuid", user.id()));
        JsonObject id = api.get(MINE + "?size=1", token).ok(200).json();
        assertEquals(10, id.getInt("total"));
        String first = id.getJsonArray("items").getJsonObject(0).getString("id");
        api.delete(MINE + "/" + first, token).ok(204);
        api.createKey(token, "after a delete");
    }

    /** A leaked key must not mint more keys or delete the owner's others: that needs a login session. */
    @Test
    void anApiKeyCannotManageApiKeys() {
        Api.TestUser owner = api.createUser("analyst");
        String token = api.accessToken(owner.username(), owner.password());
        String key = api.createKey(token, "first").getString("api_key");
        String other = api.createKey(token, "second").getString("id");
        api.withKey("POST", MINE, Json.createObjectBuilder().add("key_name", "minted").build(), key)
                .problem(403, "session_required");
        api.withKey("DELETE", MINE + "/" + other, null, key).problem(403, "session_required");
        api.withKey("GET", MINE, null, key).ok(200);
        assertEquals(2L, WardenServer.queryValue("select count(*) from api_keys where user_id = ?::uuid", owner.id()));
    }

    @Test
    void aDeletedKeyDiesAtOnceAndAnotherUsersKeyCannotBeDeleted() {
        Api.TestUser owner = api.createUser("viewer");
        Api.TestUser stranger = api.createUser("admin");
        String ownerToken = api.accessToken(owner.username(), owner.password());
        JsonObject created = api.createKey(ownerToken, "k");
        String key = created.getString("api_key");
        String path = MINE + "/" + created.getString("id");

        api.delete(path, api.accessToken(stranger.username(), stranger.password())).problem(404, "not_found");
        api.withKey("DELETE", path, null, api.createKey(api.accessToken(stranger.username(), stranger.password()),
                "s").getString("api_key")).problem(403, "session_required");
        api.withKey("GET", "/api/v1/auth/me", null, key).ok(200);

        api.delete(path, ownerToken).ok(204);
        api.withKey("GET", "/api/v1/auth/me", null, key).problem(401, "unauthorized");
        api.delete(path, ownerToken).problem(404, "not_found");
        api.delete(MINE + "/not-a-uuid", ownerToken).problem(404, "not_found");
        assertEquals(0L, WardenServer.queryValue("select count(*) from api_keys where id = ?::uuid", created.getString("id")));
    }

    @Test
    void aKeyStopsWhenItsOwnerIsDeactivatedOrLockedAndWorksAgainAfterwards() {
        Api.TestUser user = api.createUser("analyst");
        String key = api.createKey(api.accessToken(user.username(), user.password()), "k").getString("api_key");
        String admin = api.adminToken();
        api.withKey("GET", "/api/v1/auth/me", null, key).ok(200);

        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("is_active", false).build(), admin).ok(200);
        api.withKey("GET", "/api/v1/auth/me", null, key).problem(401, "unauthorized");
        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("is_active", true).build(), admin).ok(200);
        api.withKey("GET", "/api/v1/auth/me", null, key).ok(200);

        for (int i = 0; i < 5; i++) {
            api.login(user.username(), "Wrong#Password" + i).problem(401, "invalid_credentials");
        }
        api.withKey("GET", "/api/v1/auth/me", null, key).problem(401, "unauthorized");
        api.post("/api/v1/users/" + user.id() + "/unlock", null, admin).ok(200);
        api.withKey("GET", "/api/v1/auth/me", null, key).ok(200);

        api.delete("/api/v1/users/" + user.id(), admin).ok(204);
        api.withKey("GET", "/api/v1/auth/me", null, key).problem(401, "unauthorized");
        assertEquals(0L, WardenServer.queryValue("select count(*) from api_keys where user_id = ?::uuid", user.id()));
    }

    @Test
    void fortyConcurrentRequestsWithOneKeyAllPassAndLastUsedIsWrittenOnceAMinuteNotPerRequest() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        JsonObject created = api.createKey(token, "busy");
        String key = created.getString("api_key");
        String id = created.getString("id");
        assertEquals(null, WardenServer.queryValue("select last_used from api_keys where id = ?::uuid", id));

        api.withKey("GET", "/api/v1/auth/me", null, key).ok(200);
        Object first = WardenServer.queryValue("select last_used from api_keys where id = ?::uuid", id);
        assertNotNull(first, "the first use is recorded");
        Object version = WardenServer.queryValue("select xmin::text from api_keys where id = ?::uuid", id);

        List<Api.Reply> replies = Parallel.run(40, () -> api.withKey("GET", "/api/v1/auth/me", null, key));
        replies.forEach(r -> r.ok(200));
        assertTrue(replies.stream().allMatch(r -> r.json().getJsonObject("user").getString("id").equals(user.id())));
        assertEquals(first, WardenServer.queryValue("select last_used from api_keys where id = ?::uuid", id),
                "uses within a minute of the recorded one write nothing");
        assertEquals(version, WardenServer.queryValue("select xmin::text from api_keys where id = ?::uuid", id),
                "the row was not rewritten at all");

        // that a use a minute later is recorded again is ApiKeyUsageTest's job (it has a clock)
    }

    @Test
    void adminsSeeAndDeleteAUsersKeys() {
        Api.TestUser user = api.createUser("viewer");
        Api.TestUser other = api.createUser("viewer");
        JsonObject created = api.createKey(api.accessToken(user.username(), user.password()), "k");
        String admin = api.adminToken();

        JsonObject listed = api.get("/api/v1/users/" + user.id() + "/api-keys", admin).ok(200).json();
        assertEquals(1, listed.getInt("total"));
        assertEquals(created.getString("id"), listed.getJsonArray("items").getJsonObject(0).getString("id"));
        assertFalse(listed.getJsonArray("items").getJsonObject(0).containsKey("api_key"));
        api.get("/api/v1/users/" + java.util.UUID.randomUUID() + "/api-keys", admin).problem(404, "not_found");

        api.delete("/api/v1/users/" + other.id() + "/api-keys/" + created.getString("id"), admin).problem(404, "not_found");
        api.withKey("GET", "/api/v1/auth/me", null, created.getString("api_key")).ok(200);
        api.delete("/api/v1/users/" + user.id() + "/api-keys/" + created.getString("id"), admin).ok(204);
        api.withKey("GET", "/api/v1/auth/me", null, created.getString("api_key")).problem(401, "unauthorized");
    }

    @Test
    void legacyKeysActWithTheConfiguredRoleAndSayTheyAreDeprecated() {
        Api.Reply users = api.withKey("GET", "/api/v1/users", null, WardenServer.LEGACY_KEY).ok(200);
        assertEquals("true", users.header("Deprecation"));
        assertTrue(users.json().containsKey("items"));
        Api.Reply settings = api.withKey("GET", "/api/v1/system/settings", null, WardenServer.LEGACY_KEY).ok(200);
        assertEquals(WardenServer.LEGACY_ROLE, settings.json().getString("warden.legacy-api-keys.role"));
        assertFalse(settings.text().contains(WardenServer.LEGACY_KEY), "the keys themselves are never shown");

        Api.Reply noUser = api.withKey("GET", "/api/v1/users/me/api-keys", null, WardenServer.LEGACY_KEY);
        noUser.problem(403, "forbidden");
        assertEquals("true", noUser.header("Deprecation"));
        api.withKey("GET", "/api/v1/users", null, WardenServer.LEGACY_KEY + "x").problem(401, "unauthorized");
        assertEquals(null, api.get("/api/v1/users", api.adminToken()).ok(200).header("Deprecation"));
    }
}
