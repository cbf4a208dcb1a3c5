package dev.warden.it;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.warden.passwords.control.PasswordHasher;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 7: hashing as users experience it: normalisation, no truncation, upgrades. */
class PasswordsIT extends WardenIT {

    private String create(String password) {
        String name = "pw" + UUID.randomUUID().toString().substring(0, 8);
        return api.post("/api/v1/users", Json.createObjectBuilder().add("username", name).add("email", name + "@example.org")
                .add("password", password).add("role", "viewer").build(), api.adminToken()).ok(201).json().getString("username");
    }

    @Test
    void passwordsAreNfkcNormalised() {
        String name = create("Ｃｏｒｒｅｃｔ#Horse-9");
        api.login(name, "Correct#Horse-9").ok(200);
        api.login(name, "Ｃｏｒｒｅｃｔ#Horse-9").ok(200);
    }

    @Test
    void twoLongPasswordsSharingTheirFirst72BytesDoNotMatch() {
        String shared = "Aa1#" + "x".repeat(80);
        String name = create(shared + "-first");
        api.login(name, shared + "-first").ok(200);
        api.login(name, shared + "-other").problem(401, "invalid_credentials");
    }

    @Test
    void aHashOfALowerCostIsUpgradedAtTheNextLogin() {
        String name = create("Correct#Horse-9");
        String weaker = new PasswordHasher(4).hash("Correct#Horse-9");
        WardenServer.update("update users set password_hash = ? where username = ?", weaker, name);
        api.login(name, "Correct#Horse-9").ok(200);
        String stored = (String) WardenServer.queryValue("select password_hash from users where username = ?", name);
        assertTrue(stored.startsWith("bcrypt-sha384:$2b$0" + WardenServer.BCRYPT_COST + "$"), stored);
        api.login(name, "Correct#Horse-9").ok(200);
    }

    @Test
    void plainBcryptHashesOfOtherSystemsVerifyAndAreUpgraded() {
        for (BCrypt.Version version : List.of(BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B, BCrypt.Version.VERSION_2Y)) {
            String name = create("Correct#Horse-9");
            String foreign = new String(BCrypt.with(version).hash(6, "Legacy#Pass-77".getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.US_ASCII);
            WardenServer.update("update users set password_hash = ? where username = ?", foreign, name);
            api.login(name, "Legacy#Pass-77x").problem(401, "invalid_credentials");
            api.login(name, "Legacy#Pass-77").ok(200);
            String stored = (String) WardenServer.queryValue("select password_hash from users where username = ?", name);
            assertTrue(stored.startsWith(PasswordHasher.SCHEME), version + ": " + stored);
            api.login(name, "Legacy#Pass-77").ok(200);
        }
    }

    @Test
    void commonPasswordsAreRefusedIgnoringCase() {
        String name = "cp" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject problem = api.post("/api/v1/users", Json.createObjectBuilder().add("username", name).add("email", name + "@example.org")
                .add("password", "QWERTYUIOP123").add("role", "viewer").build(), api.adminToken()).problem(400, "weak_password").json();
        assertTrue(problem.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getString("message").equals("is too common")), problem.toString());
    }

    @Test
    void theBootstrapAdminExists() {
        JsonObject me = api.get("/api/v1/auth/me", api.adminToken()).ok(200).json().getJsonObject("user");
        assertEquals(WardenServer.ADMIN_USERNAME, me.getString("username"));
        assertEquals("admin", me.getString("role"));
    }
}
