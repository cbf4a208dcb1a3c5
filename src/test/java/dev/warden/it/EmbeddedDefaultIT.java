package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zero-setup default: the WAR in Payara Micro with no database settings but the
 * H2 file's folder (here under target/, not the user's home), started again to show
 * that data, the signing key and the generated development encryption key survive a
 * restart, that another key is refused, and that the key can be rotated (README,
 * "Rotating the encryption key") and back. Runs the server the way the README's run
 * command does. The restarts name the database by environment variable, the form
 * operators use.
 */
@OwnServers
class EmbeddedDefaultIT {

    private WardenProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /**
     * @param viaEnvironment the database URL as the environment variable WARDEN_DB_URL
     *                       instead of a system property
     */
    private Api start(Path folder, int port, boolean viaEnvironment) throws Exception {
        return start(folder, port, viaEnvironment, Map.of());
    }

    private Api start(Path folder, int port, boolean viaEnvironment, Map<String, String> environment) throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("warden")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("warden.password.bcrypt-cost", "5");
        if (!viaEnvironment) {
            properties.put("warden.db.url", url);
        }
        Map<String, String> variables = new LinkedHashMap<>(environment);
        if (viaEnvironment) {
            variables.put("WARDEN_DB_URL", url);
        }
        server = WardenProcess.start(folder, port, properties, variables);
        return server.api();
    }

    @Test
    void aDatabaseTheToolMadeBeforeTheFirstStartGetsItsKeyOnceChecked() throws Exception {
        // The create-admin tool run first on the embedded default: it makes the database
        // (schema and admin, nothing sealed) and no key file. The first start finds the
        // database without a key file, checks that nothing in it was sealed with another key,
        // and only then keeps its new key in the file.
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "h2-tool-first");
        String url = "jdbc:h2:file:" + folder.resolve("warden")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
        CreateAdminIT.Script script = new CreateAdminIT.Script("tool-admin", "tool-admin@warden.test",
                "Tool#Admin-Pass-2026", "Tool#Admin-Pass-2026", "y");
        assertEquals(0, new dev.warden.system.cli.CreateAdmin(Map.of("warden.db.url", url,
                "warden.password.bcrypt-cost", "5")::get, script).run(), script.output.toString());
        Path keyFile = folder.resolve("warden.encryption.key");
        assertTrue(Files.exists(folder.resolve("warden.mv.db")));
        assertFalse(Files.exists(keyFile), "the tool makes no key");
        Api api = start(folder, WardenProcess.freePort(), false);
        api.get("/api/v1/auth/me", api.accessToken("tool-admin", "Tool#Admin-Pass-2026")).ok(200);
        String log = server.logText();
        assertTrue(log.contains("exists but its development key file " + keyFile + " does not"), log);
        assertTrue(log.contains("generated a development key in " + keyFile), log);
        assertTrue(log.indexOf("generated a development key") > log.indexOf("Database schema at version"),
                "kept after the check, which runs after the migrations");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keyFile)));
        String kid = api.get("/api/v1/system/settings", api.accessToken("tool-admin", "Tool#Admin-Pass-2026")).ok(200)
                .json().getJsonObject("encryption_key_ids").getString("current");
        assertEquals(dev.warden.platform.control.SecretBox.fromBase64(Files.readString(keyFile).trim()).keyId(), kid,
                "the key in the file is the key the instance seals with");
    }

    @Test
    void startsWithNoSetupAndKeepsItsDataAcrossARestart() throws Exception {
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "h2-default");
        int port = WardenProcess.freePort();
        Api first = start(folder, port, false);
        // No bootstrap settings, as the README's run command: the documented development admin,
        // and a warning about its password at start (made with it now: no bcrypt check needed).
        String admin = first.accessToken("admin", "Change#Me-2026");
        server.awaitLog("The admin admin still has the documented default password", 0); // logged after start-up
        // a new database is not one that lost its key file (the pool makes the H2 file before
        // start-up looks for it): a newcomer's first start said so until 2026-12-07
        assertFalse(server.logText().contains("exists but its development key file"), server.logText());
        assertTrue(server.logText().contains("generated a development key in " + folder.resolve("warden.encryption.key")),
                server.logText());
        first.post("/api/v1/users", Json.createObjectBuilder().add("username", "kept-user").add("email", "someone@warden.test")
                .add("password", "Kept#User-2026").add("role", "analyst").build(), admin).ok(201);
        // user search on H2 (no trigram index there): a username or an e-mail substring
        for (String search : new String[]{"EPT-us", "one@warden"}) {
            JsonObject found = first.get("/api/v1/users?search=" + search, admin).ok(200).json();
            assertEquals(1, found.getInt("total"), search);
            assertEquals("kept-user", found.getJsonArray("items").getJsonObject(0).getString("username"), search);
        }
        String issuedBefore = first.accessToken("kept-user", "Kept#User-2026");
        String key = first.createKey(issuedBefore, "kept key").getString("api_key");
        first.withKey("GET", "/api/v1/auth/me", null, key).ok(200);
        first.withKey("GET", "/api/v1/auth/me", null, WardenServer.LEGACY_KEY).problem(401, "unauthorized");
        assertTrue(Files.exists(folder.resolve("warden.mv.db")));
        assertTrue(Files.exists(folder.resolve("warden.encryption.key")), "development key kept beside the database");
        for (String file : new String[]{"warden.mv.db", "warden.encryption.key"}) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(folder.resolve(file))), file + " is owner-only");
        }
        // a user with 2FA, for the rotation of the development key below
        first.post("/api/v1/users", Json.createObjectBuilder().add("username", "two-step").add("email", "second-factor@warden.test")
                .add("password", "Two#Step-User-2026").add("role", "viewer").build(), admin).ok(201);
        String enrolledToken = first.accessToken("two-step", "Two#Step-User-2026");
        Authenticator app = new Authenticator(first.post("/api/v1/users/me/2fa/setup", null, enrolledToken).ok(200).json()
                .getString("otpauth_uri"));
        List<String> backupCodes = first.post("/api/v1/users/me/2fa/enable", Json.createObjectBuilder()
                .add("code", app.next()).build(), enrolledToken).ok(200).json().getJsonArray("backup_codes")
                .getValuesAs(JsonString::getString);
        stop();

        // A lost key file stops the deployment, naming the key the database's secrets were
        // sealed with, before anything is written: nor is the refused new key written in the
        // file's place, where the right one is to be put back.
        Path keyFile = folder.resolve("warden.encryption.key");
        String originalKey = Files.readString(keyFile);
        Files.delete(keyFile);
        server = WardenProcess.startFailing(folder, port, Map.of("warden.password.bcrypt-cost", "5",
                "warden.db.url", "jdbc:h2:file:" + folder.resolve("warden")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE"), Map.of());
        String refused = server.logText();
        assertTrue(refused.contains("exists but its development key file " + keyFile + " does not"), refused);
        assertTrue(refused.contains(") is not the key this database's secrets were made with: "), refused);
        assertTrue(refused.contains("signing keys sealed with key id "
                + dev.warden.platform.control.SecretBox.fromBase64(originalKey).keyId()), refused);
        assertFalse(refused.contains("Signing access tokens with"), "no signing key was made or opened");
        assertFalse(refused.contains("generated a development key"), refused);
        // asked past the contract check: what answers is Payara's own error page, not Warden
        int status = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.api().base() + "/api/v1/auth/me")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        assertTrue(status != 401 && status != 503 && status != 200, "Warden is not deployed: " + status);
        stop();
        assertFalse(Files.exists(keyFile), "the refused key was not written");
        Files.writeString(keyFile, originalKey);

        // The development key rotated as the README says: a new key set, the generated one
        // listed in previous-keys. Everything is sealed again under the new key and keeps
        // working: the authenticator and a backup code made before.
        String newKey = java.util.Base64.getEncoder().encodeToString(java.security.SecureRandom.getSeed(32));
        Secrets.add(newKey);
        Secrets.add(originalKey.trim());
        String originalId = dev.warden.platform.control.SecretBox.fromBase64(originalKey).keyId();
        String newId = dev.warden.platform.control.SecretBox.fromBase64(newKey).keyId();
        Api rotated = start(folder, port, true, Map.of("WARDEN_ENCRYPTION_KEY", newKey,
                "WARDEN_ENCRYPTION_PREVIOUS_KEYS", originalKey));
        String rotatedAdmin = rotated.accessToken("admin", "Change#Me-2026");
        // an admin made before this start with the documented password: checked beside start-up
        server.awaitLog("The admin admin still has the documented default password", 0);
        List<JsonObject> resealed = rotated.get("/api/v1/audit-events?type=secrets_resealed", rotatedAdmin).ok(200)
                .json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertEquals(List.of("signing_keys", "two_factor"), resealed.stream()
                .map(e -> e.getJsonObject("details").getString("sealed")).sorted().toList());
        for (JsonObject event : resealed) {
            assertEquals(newId, event.getJsonObject("details").getString("encryption_key_id"));
            assertEquals(List.of(originalId), event.getJsonObject("details").getJsonArray("from_encryption_key_ids")
                    .getValuesAs(JsonString::getString));
        }
        for (String[] step : new String[][]{{"code", app.next()}, {"backup_code", backupCodes.get(0)}}) {
            String mfaToken = rotated.login("two-step", "Two#Step-User-2026").ok(200).json().getString("mfa_token");
            rotated.post("/api/v1/auth/login/mfa", Json.createObjectBuilder().add("mfa_token", mfaToken)
                    .add(step[0], step[1]).build(), null).ok(200);
        }
        assertTrue(server.logText().contains("Sealed 1 TOTP secret again under the current warden.encryption.key"));
        assertTrue(server.logText().contains("signing keys again under the current warden.encryption.key"));
        assertTrue(server.logText().contains("The previous encryption key " + originalId + " is still needed by 1 "
                + "user(s)' unused backup codes"), "the codes made under it cannot be keyed again");
        JsonObject ids = rotated.get("/api/v1/system/settings", rotatedAdmin).ok(200).json()
                .getJsonObject("encryption_key_ids");
        assertEquals(newId, ids.getString("current"));
        assertEquals(List.of(originalId), ids.getJsonArray("previous").getValuesAs(JsonString::getString));
        rotated.post("/api/v1/users/me/change-password", Json.createObjectBuilder().add("current_password", "Change#Me-2026")
                .add("new_password", "Own#Chief-Pass-2026").build(), rotatedAdmin).ok(204);
        stop();

        // Back to the generated key of the file, the new one listed: the file is read again,
        // and everything made before any of this still works.
        Api second = start(folder, port, true, Map.of("WARDEN_ENCRYPTION_PREVIOUS_KEYS", newKey));
        second.login("kept-user", "Kept#User-2026").ok(200);
        second.get("/api/v1/auth/me", issuedBefore).ok(200);
        second.withKey("GET", "/api/v1/auth/me", null, key).ok(200);
        second.withKey("GET", "/api/v1/users/me/api-keys", null, key).ok(200);
        second.get("/health/ready", null).ok(200);
        second.login("admin", "Own#Chief-Pass-2026").ok(200);
        assertFalse(server.logText().contains("documented default password"), "no warning once it was changed");
        assertEquals(java.util.stream.Stream.of(newId, newId, originalId, originalId).sorted().toList(),
                second.get("/api/v1/audit-events?type=secrets_resealed", second.accessToken("admin", "Own#Chief-Pass-2026"))
                        .ok(200).json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .map(e -> e.getJsonObject("details").getString("encryption_key_id")).sorted().toList(),
                "sealed again under the file's key: it was read");
        // The security data works on H2 as on PostgreSQL: the audit trail, an alert raised
        // with its insert-or-count, the rate-limit counters.
        String chief = second.accessToken("admin", "Own#Chief-Pass-2026");
        for (int i = 0; i < 5; i++) {
            second.login("kept-user", "Wrong#Password-" + i);
        }
        second.login("kept-user", "Kept#User-2026").problem(403, "account_locked");
        long deadline = System.currentTimeMillis() + 15_000;
        int alerts = 0;
        while (alerts == 0 && System.currentTimeMillis() < deadline) {
            alerts = second.get("/api/v1/alerts?type=account_locked", chief).ok(200).json().getInt("total");
            Thread.sleep(200);
        }
        assertEquals(1, alerts, "the lockout raised its alert on H2");
        assertTrue(second.get("/api/v1/audit-events?type=account_locked", chief).ok(200).json().getInt("total") >= 1);
        assertFalse(server.logText().contains("Rate limits cannot be counted"), "the rate limit counts on H2");
        assertFalse(server.logText().contains("Could not raise an alert"), server.logText());

        // A signing-key rotation on H2: the new key signs, the previous one still verifies.
        String kid = second.post("/api/v1/system/signing-keys/rotate", null, chief).ok(200).json().getString("kid");
        assertEquals(kid, com.nimbusds.jwt.SignedJWT.parse(second.accessToken("admin", "Own#Chief-Pass-2026"))
                .getHeader().getKeyID());
        second.get("/api/v1/auth/me", chief).ok(200);

        // Registration is off by default; without SMTP the default run writes mails to its log.
        second.post("/api/v1/auth/register", Json.createObjectBuilder().add("username", "newcomer")
                .add("email", "newcomer@warden.test").add("password", "Newcomer#Pass-2026").build(), null)
                .problem(404, "not_found");
        second.post("/api/v1/auth/forgot-password", Json.createObjectBuilder().add("email", "someone@warden.test")
                .build(), null).ok(202);
        long mailDeadline = System.currentTimeMillis() + 10_000;
        while (!server.logText().contains("===== WARDEN MAIL") && System.currentTimeMillis() < mailDeadline) {
            Thread.sleep(100);
        }
        String log = server.logText();
        assertTrue(log.contains("===== WARDEN MAIL (no SMTP configured: development run) ====="), "the marker");
        assertTrue(log.contains("To: someone@warden.test") && log.contains("/reset-password?token="),
                "the mail with its link, to follow the flow");
    }
}
