package dev.warden.it;

import dev.warden.platform.control.SecretBox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moving to a new {@code warden.encryption.key} (README "Rotating the encryption key"), on
 * PostgreSQL, through three starts of one database: with the old key; with the new key and
 * the old one in {@code warden.encryption.previous-keys} (every signing key and TOTP secret
 * is sealed again under the new key, audited, and nothing a user holds stops working);
 * with the new key alone, once the backup codes the old key made were regenerated.
 */
class EncryptionKeyRotationIT {

    private static final String DATABASE = "key_rotation";
    private static final String ME = "/api/v1/users/me/2fa";
    private WardenProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private Api start(Path folder, int port, String key, String previousKeys) throws Exception {
        Map<String, String> settings = WardenServer.serverSettings(DATABASE);
        settings.put("warden.encryption.key", key);
        // as operators set it: by environment variable, with the key among other previous ones
        server = WardenProcess.start(folder, port, settings,
                previousKeys == null ? Map.of() : Map.of("WARDEN_ENCRYPTION_PREVIOUS_KEYS", previousKeys));
        return server.api();
    }

    @Test
    void aNewKeyTakesOverWhileThePreviousOneStillOpensAndThenTheOldOneCanGo() throws Exception {
        WardenServer.freshDatabase(DATABASE);
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "key-rotation");
        int port = WardenProcess.freePort();
        String oldKey = WardenServer.ENCRYPTION_KEY;
        String newKey = randomKey();
        String oldId = SecretBox.fromBase64(oldKey).keyId();
        String newId = SecretBox.fromBase64(newKey).keyId();

        // 1. the old key: a user with 2FA and its backup codes, and a token
        Api api = start(folder, port, oldKey, null);
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        Authenticator app = new Authenticator(api.post(ME + "/setup", null, token).ok(200).json().getString("otpauth_uri"));
        List<String> oldCodes = api.post(ME + "/enable", code(app.next()), token).ok(200).json()
                .getJsonArray("backup_codes").getValuesAs(JsonString::getString);
        String issuedBefore = token; // its session outlives turning 2FA on
        assertEquals(List.of("v2." + oldId), sealedBy());
        stop();

        // 2. the new key, the old one listed (beside an unrelated previous key)
        api = start(folder, port, newKey, randomKey() + ", " + oldKey);
        assertEquals(List.of("v2." + newId), sealedBy(), "every signing key and TOTP secret sealed again");
        api.get("/api/v1/auth/me", issuedBefore).ok(200);
        String fresh = secondStep(api, user, "code", app.next()).ok(200).json().getString("access_token");
        secondStep(api, user, "backup_code", oldCodes.get(0)).ok(200);
        secondStep(api, user, "backup_code", oldCodes.get(0)).problem(400, "invalid_code");
        String admin = api.adminToken();
        List<JsonObject> resealed = api.get("/api/v1/audit-events?type=secrets_resealed&size=100", admin).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class);
        assertEquals(2, resealed.size(), resealed.toString());
        for (JsonObject event : resealed) {
            JsonObject details = event.getJsonObject("details");
            assertEquals("success", event.getString("outcome"));
            assertEquals(newId, details.getString("encryption_key_id"), details.toString());
            assertEquals(List.of(oldId), details.getJsonArray("from_encryption_key_ids").getValuesAs(JsonString::getString));
            int expected = details.getString("sealed").equals("signing_keys") ? signingKeys() : 1;
            assertEquals(expected, details.getInt("count"), details.toString());
        }
        assertEquals(List.of("signing_keys", "two_factor"), resealed.stream()
                .map(e -> e.getJsonObject("details").getString("sealed")).sorted().toList());
        String log = server.logText();
        assertTrue(log.contains("The previous encryption key " + oldId + " is still needed by 1 user(s)' unused "
                + "backup codes"), log);
        assertFalse(log.contains(oldKey) || log.contains(newKey), "no key in the log");
        // regenerated, they are keyed with the new key
        List<String> newCodes = api.post(ME + "/backup-codes/regenerate", code(app.next()), fresh).ok(200).json()
                .getJsonArray("backup_codes").getValuesAs(JsonString::getString);
        stop();

        // 3. the new key alone: starts, as nothing needs the old one any more
        api = start(folder, port, newKey, null);
        api.get("/api/v1/auth/me", issuedBefore).ok(200);
        secondStep(api, user, "code", app.next()).ok(200);
        secondStep(api, user, "backup_code", oldCodes.get(1)).problem(400, "invalid_code");
        secondStep(api, user, "backup_code", newCodes.get(0)).ok(200);
        assertEquals(2, api.get("/api/v1/audit-events?type=secrets_resealed&size=100", api.adminToken()).ok(200).json()
                .getInt("total"), "nothing was left to seal again");
    }

    private static Api.Reply secondStep(Api api, Api.TestUser user, String member, String value) {
        JsonObject first = api.login(user.username(), user.password()).ok(200).json();
        assertTrue(first.getBoolean("mfa_required"), first.toString());
        return api.post("/api/v1/auth/login/mfa", Json.createObjectBuilder()
                .add("mfa_token", first.getString("mfa_token")).add(member, value).build(), null);
    }

    private static JsonObject code(String code) {
        return Json.createObjectBuilder().add("code", code).build();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The distinct "v2.<key id>" prefixes of every sealed value in the database. */
    private static List<String> sealedBy() throws Exception {
        return strings("select distinct substring(v, 1, 11) from (select private_key v from signing_keys "
                + "where private_key is not null union all select secret from totp_credentials) s");
    }

    private static int signingKeys() throws Exception {
        return Integer.parseInt(strings("select count(*) from signing_keys where private_key is not null").get(0));
    }

    private static List<String> strings(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(WardenServer.serverSettings(DATABASE).get("warden.db.url"),
                "postgres", ""); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
